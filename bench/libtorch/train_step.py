#!/usr/bin/env python3
"""libtorch reference for AlgoLens's train-step benchmark: ms per full training step
(forward, backward, AdamW step, zero_grad) of a TransformerLens-semantics model written with one
einsum per product, on PyTorch's CPU kernels.

Configurations (the names of `AlgoLens.Bench train-step --config`):

  grokking, gelu-1, ln-gelu-2   the grokking data of docs/PERFORMANCE.md (libtorch 2.10 reference): 3,830
      pairs of (a + b) mod 113 (30% of all 12,769), full batch, input "a b =", loss at the last
      position, pruned (the last layer's query, attention output, MLP and unembedding only at the
      last position); no biases on Q/K/V/O or the unembedding, MLP biases trained; init as the
      grokking paper's code.
  seq-attn-2, seq-ln-gelu-2     the sequence shapes of docs/PERFORMANCE.md: batch 512 x 32
      positions of random tokens from a vocabulary of 64, each position predicting the previous
      token (position 0 its own), loss at every position, four batches used in turn; every bias
      trained (TransformerLens's default, as the bench's model); TransformerLens init.

  mlp-grok, mlp-parity, toy-512 the other model kinds (docs/models/mlp.md, toy-superposition.md):
      mlp-grok is the mlp kind on the grokking data above (full batch, loss at the one output):
      per-position embeddings [3, 114, 64] concatenated, one ReLU layer of 512, unembedding to 113,
      PyTorch's init; mlp-parity is the sparse-parity preset (20 bits, parity of 3 secret ones,
      embeddings of 4 concatenated, ReLU layer of 256, batch 32, AdamW weight decay 0.01);
      toy-512 is Elhage et al.'s toy model at 512 features, d_hidden 64, 10 instances
      (x = U[0,1) with probability 20^(-i/9) per instance i, importance 0.9^j, loss the mean of
      importance x squared error, AdamW lr 1e-3, betas (0.9, 0.999), no weight decay, batch 1024).
      The sampled ones use four batches drawn once, in turn.

Common to the transformers: d_model 128, 4 heads of 32, d_mlp 512, causal attention scaled by 1/sqrt(d_head),
LayerNorm (TransformerLens's formulation, eps 1e-5) before attention, MLP and unembedding when on,
GELU in the erf form, float32 parameters and activations, log-softmax of the loss in float64,
AdamW lr 1e-3, weight decay 1 on every parameter, betas (0.9, 0.98), eps 1e-8.

Prints one JSON line per run (see --help). Not used by the build, the tests or CI.
"""

import argparse
import json
import math
import os
import time

import torch
import torch.nn.functional as F

D_MODEL, N_HEADS, D_HEAD, D_MLP = 128, 4, 32, 512

# name -> (n_layers, act ("relu", "gelu" or None for attention-only), layer norm, data)
CONFIGS = {
    "grokking": (1, "relu", False, "grokking"),
    "gelu-1": (1, "gelu", False, "grokking"),
    "ln-gelu-2": (2, "gelu", True, "grokking"),
    "seq-attn-2": (2, None, False, "sequence"),
    "seq-ln-gelu-2": (2, "gelu", True, "sequence"),
}

# The other model kinds: name -> builder (defined below).
KIND_CONFIGS = ("mlp-grok", "mlp-parity", "toy-512")

P, TRAIN_FRACTION = 113, 0.3
SEQ_BATCH, SEQ_POSITIONS, SEQ_VOCAB, SEQ_BATCHES = 512, 32, 64, 4


def grokking_data(generator):
    """All pairs (a, b) of 0..P-1 as "a b =" (token P is "="), 30% for training, full batch."""
    a = torch.arange(P).repeat_interleave(P)
    b = torch.arange(P).repeat(P)
    tokens = torch.stack([a, b, torch.full_like(a, P)], dim=1)
    labels = (a + b) % P
    train = torch.randperm(P * P, generator=generator)[: int(P * P * TRAIN_FRACTION)]
    return [(tokens[train], labels[train])]


def sequence_data(generator):
    """Four batches of random tokens; each position's label is the previous token (position 0 its own)."""
    batches = []
    for _ in range(SEQ_BATCHES):
        tokens = torch.randint(SEQ_VOCAB, (SEQ_BATCH, SEQ_POSITIONS), generator=generator)
        labels = torch.cat([tokens[:, :1], tokens[:, :-1]], dim=1)
        batches.append((tokens, labels))
    return batches


class Model(torch.nn.Module):
    """TransformerLens's HookedTransformer (without hooks), one einsum per product."""

    def __init__(self, n_layers, act, layer_norm, d_vocab, d_vocab_out, n_ctx, attn_biases, init_scheme, generator):
        super().__init__()
        self.n_layers, self.act, self.layer_norm, self.attn_biases = n_layers, act, layer_norm, attn_biases
        std = 1 / math.sqrt(D_MODEL) if init_scheme == "grokking" else 0.8 / math.sqrt(D_MODEL)
        std_u = 1 / math.sqrt(d_vocab) if init_scheme == "grokking" else std

        def normal(*shape, scale=std):
            return torch.nn.Parameter(torch.randn(*shape, generator=generator) * scale)

        def zeros(*shape):
            return torch.nn.Parameter(torch.zeros(*shape))

        def ones(*shape):
            return torch.nn.Parameter(torch.ones(*shape))

        self.W_E = normal(d_vocab, D_MODEL)
        self.W_pos = normal(n_ctx, D_MODEL)
        self.blocks = torch.nn.ModuleList()
        for _ in range(n_layers):
            block = torch.nn.Module()
            block.W_Q, block.W_K, block.W_V = (normal(N_HEADS, D_MODEL, D_HEAD) for _ in range(3))
            block.W_O = normal(N_HEADS, D_HEAD, D_MODEL)
            if attn_biases:
                block.b_Q, block.b_K, block.b_V = (zeros(N_HEADS, D_HEAD) for _ in range(3))
                block.b_O = zeros(D_MODEL)
            if layer_norm:
                block.ln1_w, block.ln1_b = ones(D_MODEL), zeros(D_MODEL)
            if act is not None:
                if layer_norm:
                    block.ln2_w, block.ln2_b = ones(D_MODEL), zeros(D_MODEL)
                block.W_in, block.b_in = normal(D_MODEL, D_MLP), zeros(D_MLP)
                block.W_out, block.b_out = normal(D_MLP, D_MODEL), zeros(D_MODEL)
            self.blocks.append(block)
        if layer_norm:
            self.lnf_w, self.lnf_b = ones(D_MODEL), zeros(D_MODEL)
        self.W_U = normal(D_MODEL, d_vocab_out, scale=std_u)
        if attn_biases:
            self.b_U = zeros(d_vocab_out)

    @staticmethod
    def ln(x, w, b):
        # TransformerLens's LayerNorm: centred, divided by sqrt(mean of squares + eps), then w and b.
        x = x - x.mean(-1, keepdim=True)
        scale = (x.pow(2).mean(-1, keepdim=True) + 1e-5).sqrt()
        return x / scale * w + b

    def attention(self, block, x, last_only):
        q_in = x[:, -1:] if last_only else x
        q = torch.einsum("bpd,hde->bphe", q_in, block.W_Q)
        k = torch.einsum("bpd,hde->bphe", x, block.W_K)
        v = torch.einsum("bpd,hde->bphe", x, block.W_V)
        if self.attn_biases:
            q, k, v = q + block.b_Q, k + block.b_K, v + block.b_V
        scores = torch.einsum("bqhe,bkhe->bhqk", q, k) / math.sqrt(D_HEAD)
        if not last_only:  # the last position's query sees every key: no mask to apply
            n = x.shape[1]
            future = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)
            scores = scores.masked_fill(future, float("-inf"))
        pattern = scores.softmax(dim=-1)
        z = torch.einsum("bhqk,bkhe->bqhe", pattern, v)
        out = torch.einsum("bqhe,hed->bqd", z, block.W_O)
        return out + block.b_O if self.attn_biases else out

    def mlp(self, block, x):
        pre = torch.einsum("bpd,dm->bpm", x, block.W_in) + block.b_in
        post = F.relu(pre) if self.act == "relu" else F.gelu(pre)  # F.gelu: the erf form
        return torch.einsum("bpm,md->bpd", post, block.W_out) + block.b_out

    def forward(self, tokens, prune):
        """Logits [batch, positions read, vocab_out]; with prune, the last layer works on the last position only."""
        resid = self.W_E[tokens] + self.W_pos[: tokens.shape[1]]
        for i, block in enumerate(self.blocks):
            last_only = prune and i == self.n_layers - 1
            attn_in = self.ln(resid, block.ln1_w, block.ln1_b) if self.layer_norm else resid
            if last_only:
                resid = resid[:, -1:]
            resid = resid + self.attention(block, attn_in, last_only)
            if self.act is not None:
                mlp_in = self.ln(resid, block.ln2_w, block.ln2_b) if self.layer_norm else resid
                resid = resid + self.mlp(block, mlp_in)
        if self.layer_norm:
            resid = self.ln(resid, self.lnf_w, self.lnf_b)
        logits = torch.einsum("bpd,dv->bpv", resid, self.W_U)
        return logits + self.b_U if self.attn_biases else logits


class Mlp(torch.nn.Module):
    """The mlp kind (HookedMlp): per-position embeddings concatenated, ReLU hidden layers, an unembedding."""

    def __init__(self, n_ctx, d_vocab, d_vocab_out, d_embed, d_hidden, generator):
        super().__init__()

        def linear(fan_in, *shape):  # nn.Linear's init: uniform(+-1/sqrt(fan_in)), weight and bias
            bound = 1 / math.sqrt(fan_in)
            return torch.nn.Parameter((torch.rand(*shape, generator=generator) * 2 - 1) * bound)

        self.n_ctx = n_ctx
        self.W_E = torch.nn.Parameter(torch.randn(n_ctx, d_vocab, d_embed, generator=generator))  # as nn.Embedding
        self.W, self.b = linear(n_ctx * d_embed, n_ctx * d_embed, d_hidden), linear(n_ctx * d_embed, d_hidden)
        self.W_U, self.b_U = linear(d_hidden, d_hidden, d_vocab_out), linear(d_hidden, d_vocab_out)

    def forward(self, tokens, prune):
        """Logits [batch, 1, vocab_out]: the one prediction, at the last position."""
        embed = self.W_E[torch.arange(self.n_ctx), tokens]  # [batch, n_ctx, d_embed]
        hidden = F.relu(embed.reshape(tokens.shape[0], -1) @ self.W + self.b)
        return (hidden @ self.W_U + self.b_U)[:, None]


class ToySuperposition(torch.nn.Module):
    """Elhage et al.'s toy model: h = W[i] x, out = ReLU(W[i]^T h + b_final[i]) per instance i."""

    def __init__(self, n_instances, n_features, d_hidden, generator):
        super().__init__()
        std = math.sqrt(2 / (n_features * (d_hidden + n_instances)))  # xavier_normal_ of [i, m, n]
        self.W = torch.nn.Parameter(torch.randn(n_instances, d_hidden, n_features, generator=generator) * std)
        self.b_final = torch.nn.Parameter(torch.zeros(n_instances, n_features))

    def forward(self, x, prune):
        hidden = torch.einsum("bif,ihf->bih", x, self.W)
        return F.relu(torch.einsum("bih,ihf->bif", hidden, self.W) + self.b_final)


def sparse_parity_data(generator, bits=20, secret_bits=3, batch=32):
    """Four batches of random bits; the class is the parity of three fixed secret bits."""
    secret = torch.randperm(bits, generator=generator)[:secret_bits]
    batches = []
    for _ in range(SEQ_BATCHES):
        tokens = torch.randint(2, (batch, bits), generator=generator)
        batches.append((tokens, (tokens[:, secret].sum(1) % 2)[:, None]))
    return batches


def sparse_features_data(generator, n_instances=10, n_features=512, batch=1024):
    """Four batches of x: U[0,1) with probability 20^(-i/(n_instances-1)) at instance i, else 0."""
    probability = 20.0 ** -torch.linspace(0, 1, n_instances)
    batches = []
    for _ in range(SEQ_BATCHES):
        gate = torch.rand(batch, n_instances, n_features, generator=generator) < probability[:, None]
        x = torch.where(gate, torch.rand(batch, n_instances, n_features, generator=generator), torch.zeros(()))
        batches.append((x, x))
    return batches


def build_kind(config, generator):
    """Model, optimizer, batches and loss of one of KIND_CONFIGS."""
    if config == "toy-512":
        model = ToySuperposition(10, 512, 64, generator)
        importance = 0.9 ** torch.arange(512.0)

        def loss(output, target):  # mean over (batch, instance, feature) of importance x squared error
            return (importance * (output - target) ** 2).mean()

        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
        return model, optimizer, sparse_features_data(generator), loss
    if config == "mlp-grok":
        model = Mlp(3, P + 1, P, 64, 512, generator)
        batches = [(tokens, labels[:, None]) for tokens, labels in grokking_data(generator)]
        weight_decay = 1.0
    else:
        model = Mlp(20, 2, 2, 4, 256, generator)
        batches = sparse_parity_data(generator)
        weight_decay = 0.01
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.98), eps=1e-8, weight_decay=weight_decay)
    return model, optimizer, batches, loss_fn


def loss_fn(logits, labels):
    # As the grokking paper's code: log-softmax in float64, mean negative log-likelihood.
    log_probs = logits.to(torch.float64).log_softmax(dim=-1)
    return -torch.gather(log_probs, -1, labels[..., None]).mean()


def build(config, seed):
    """Model, optimizer, batches, whether to prune, and the loss."""
    generator = torch.Generator().manual_seed(seed)
    if config in KIND_CONFIGS:
        model, optimizer, batches, loss = build_kind(config, generator)
        return model, optimizer, batches, False, loss
    n_layers, act, layer_norm, data = CONFIGS[config]
    if data == "grokking":
        batches = grokking_data(generator)
        model = Model(n_layers, act, layer_norm, P + 1, P, 3, attn_biases=False, init_scheme="grokking", generator=generator)
        prune = True
        batches = [(tokens, labels[:, None]) for tokens, labels in batches]  # the label of the last position
    else:
        batches = sequence_data(generator)
        model = Model(n_layers, act, layer_norm, SEQ_VOCAB, SEQ_VOCAB, SEQ_POSITIONS, attn_biases=True, init_scheme="transformer_lens", generator=generator)
        prune = False
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.98), eps=1e-8, weight_decay=1.0)
    return model, optimizer, batches, prune, loss_fn


def ln_classes(config):
    """ln of the number of classes, near which the initial cross-entropy should be; None for toy-512 (a squared error)."""
    if config in KIND_CONFIGS:
        classes = {"mlp-grok": P, "mlp-parity": 2}.get(config)
    else:
        classes = P if CONFIGS[config][3] == "grokking" else SEQ_VOCAB
    return None if classes is None else round(math.log(classes), 5)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, choices=sorted(CONFIGS) + list(KIND_CONFIGS))
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first (default 5)")
    parser.add_argument("--steps", type=int, default=20, help="timed steps (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--loss-every", type=int, default=0, help="also record the loss every N steps (0: first and last only)")
    parser.add_argument("--show-config", action="store_true", help="print torch's version, build configuration and threads first")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    if args.show_config:
        print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, interop threads {torch.get_num_interop_threads()}")
        print(torch.__config__.show())
        print(torch.__config__.parallel_info())

    model, optimizer, batches, prune, loss_of = build(args.config, args.seed)
    n_params = sum(p.numel() for p in model.parameters())
    losses = []

    def step(i):
        tokens, labels = batches[i % len(batches)]
        logits = model(tokens, prune)
        loss = loss_of(logits, labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss

    for i in range(args.warmup):
        loss = step(i)
        if i == 0 or (args.loss_every and i % args.loss_every == 0):
            losses.append((i, loss.item()))
    times = []
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for i in range(args.warmup, args.warmup + args.steps):
        start = time.perf_counter()
        loss = step(i)
        times.append(time.perf_counter() - start)
        if args.loss_every and i % args.loss_every == 0:
            losses.append((i, loss.item()))
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    losses.append((args.warmup + args.steps - 1, loss.item()))
    times.sort()
    print(json.dumps({
        "config": args.config, "torch": torch.__version__, "threads": torch.get_num_threads(),
        "parameters": n_params, "warmup": args.warmup, "steps": args.steps,
        "ms_per_step": round(1e3 * wall / args.steps, 2),
        "median_ms": round(1e3 * times[len(times) // 2], 2), "best_ms": round(1e3 * times[0], 2),
        "cpu_ms_per_step": round(1e3 * cpu / args.steps, 2),
        "loadavg_1min": os.getloadavg()[0],
        "losses": [[i, round(l, 5)] for i, l in losses],
        "ln_vocab": ln_classes(args.config),
    }))


if __name__ == "__main__":
    main()
