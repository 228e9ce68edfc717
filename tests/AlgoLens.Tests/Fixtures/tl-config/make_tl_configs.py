"""Writes the TransformerLens-style config fixtures (torch is not available on these machines).

The field list, order and defaults are those of TransformerLens 2.x's HookedTransformerConfig dataclass
(transformer_lens/HookedTransformerConfig.py); the values computed in its __post_init__ (d_mlp,
initializer_range, d_vocab_out, n_params, device, attn_scale) are applied as it applies them, so each
file is what `json.dump(cfg.to_dict(), f, indent=2, default=str)` writes for that config (dtype, a
torch.dtype, becomes "torch.float32" through default=str). Run: python3 make_tl_configs.py
"""
import json
import math

DEFAULTS = dict(
    n_layers=None, d_model=None, n_ctx=None, d_head=None, model_name="custom", n_heads=-1, d_mlp=None,
    act_fn=None, d_vocab=-1, eps=1e-5, use_attn_result=False, use_attn_scale=True, attn_scale=-1.0,
    use_split_qkv_input=False, use_hook_mlp_in=False, use_attn_in=False, use_local_attn=False,
    ungroup_grouped_query_attention=False, original_architecture=None, from_checkpoint=False,
    checkpoint_index=None, checkpoint_label_type=None, checkpoint_value=None, tokenizer_name=None,
    window_size=None, attn_types=None, init_mode="gpt2", normalization_type="LN", device=None, n_devices=1,
    attention_dir="causal", attn_only=False, seed=None, initializer_range=-1.0, init_weights=True,
    scale_attn_by_inverse_layer_idx=False, positional_embedding_type="standard", final_rms=False,
    d_vocab_out=-1, parallel_attn_mlp=False, rotary_dim=None, n_params=None, use_hook_tokens=False,
    gated_mlp=False, default_prepend_bos=True, dtype="torch.float32", tokenizer_prepends_bos=None,
    n_key_value_heads=None, post_embedding_ln=False, rotary_base=10000, trust_remote_code=False,
    rotary_adjacent_pairs=False, load_in_4bit=False, num_experts=None, experts_per_token=None,
    relative_attention_max_distance=None, relative_attention_num_buckets=None, decoder_start_token_id=None,
    tie_word_embeddings=False, use_normalization_before_and_after=False, attn_scores_soft_cap=-1.0,
    output_logits_soft_cap=-1.0, use_NTK_by_parts_rope=False, NTK_by_parts_low_freq_factor=1.0,
    NTK_by_parts_high_freq_factor=4.0, NTK_by_parts_factor=8.0,
)


def to_dict(**fields):
    cfg = dict(DEFAULTS, **fields)
    if not cfg["attn_only"] and cfg["d_mlp"] is None:
        cfg["d_mlp"] = 4 * cfg["d_model"]
    if cfg["initializer_range"] < 0 and cfg["init_mode"] == "gpt2":
        cfg["initializer_range"] = 0.8 / math.sqrt(cfg["d_model"])
    if cfg["d_vocab_out"] == -1:
        cfg["d_vocab_out"] = cfg["d_vocab"]
    params = cfg["n_layers"] * cfg["d_model"] * cfg["d_head"] * cfg["n_heads"] * 4
    if not cfg["attn_only"]:
        params += cfg["n_layers"] * cfg["d_model"] * cfg["d_mlp"] * 2
    cfg["n_params"] = params
    if cfg["device"] is None:
        cfg["device"] = "cpu"
    if cfg["use_attn_scale"] and cfg["attn_scale"] == -1.0:
        cfg["attn_scale"] = math.sqrt(cfg["d_head"])
    return cfg


def write(name, cfg):
    with open(name, "w") as f:
        json.dump(cfg, f, indent=2, default=str)


write("attn_only_2l.json", to_dict(n_layers=2, d_model=16, n_ctx=4, d_head=4, n_heads=4, d_vocab=10, d_vocab_out=10,
                                   normalization_type=None, attn_only=True, seed=0))
write("relu_1l.json", to_dict(n_layers=1, d_model=32, n_ctx=3, d_head=8, n_heads=4, d_mlp=128, act_fn="relu", d_vocab=114,
                              d_vocab_out=113, normalization_type=None, seed=999))
