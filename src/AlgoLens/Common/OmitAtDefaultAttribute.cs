namespace AlgoLens.Common;

/// <summary>
/// Marks a field added to a JSON file after files were written without it: <see cref="JsonFiles.Options"/>
/// writes it only when it differs from its default (the value a new instance holds), so that the
/// file of a model or run that does not use it (run.json, every checkpoint's header) is byte for
/// byte what it was before the field existed.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class OmitAtDefaultAttribute : Attribute;
