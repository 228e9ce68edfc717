namespace AlgoLens.Tasks.Language;

/// <summary>The order in which an IOI sentence's first clause names its two people (Wang et al. 2022).</summary>
public enum IoiOrder
{
    /// <summary>The indirect object first: "When A and B went to the store , B gave a drink to" → A.</summary>
    Abba,

    /// <summary>The subject first: "When B and A went to the store , B gave a drink to" → A.</summary>
    Baba,
}
