# Independent check of "neurons explained" (Nanda et al. 2023), outside AlgoLens: numpy only.
# Recomputes the one-layer model's forward over all p^2 inputs straight from a checkpoint's
# safetensors, then the measure exactly as the paper's companion notebook does it
# (post-ReLU activations at '=', mean-centred, 2-D Fourier basis with unit-norm cos/sin rows,
# each frequency's 8 components {const, cos k, sin k}^2 minus the constant, best of the 56
# frequencies, explained when >= 0.85 of the variance), plus variants that show which choices matter.
#   usage: python3 docs/checks/neurons_explained.py runs/grok-113/checkpoints/step_020000.safetensors
#   (Debian: apt-get install python3-numpy). Results are in docs/RESULTS.md.
import json, struct, sys, numpy as np
def load(path):
    f=open(path,'rb'); n=struct.unpack('<Q',f.read(8))[0]; h=json.loads(f.read(n)); buf=f.read()
    return {k:np.frombuffer(buf[v['data_offsets'][0]:v['data_offsets'][1]],dtype=np.float32).reshape(v['shape']).astype(np.float64) for k,v in h.items() if k!='__metadata__'}
p=113
W=load(sys.argv[1])
a=np.repeat(np.arange(p),p); b=np.tile(np.arange(p),p)
tok=np.stack([a,b,np.full_like(a,p)],1)
x=W['embed.W_E'][tok]+W['pos_embed.W_pos'][None]          # [N,3,d]
q=np.einsum('nd,hde->nhe',x[:,2],W['blocks.0.attn.W_Q'])+W['blocks.0.attn.b_Q']
k=np.einsum('npd,hde->nphe',x,W['blocks.0.attn.W_K'])+W['blocks.0.attn.b_K']
v=np.einsum('npd,hde->nphe',x,W['blocks.0.attn.W_V'])+W['blocks.0.attn.b_V']
s=np.einsum('nhe,nphe->nhp',q,k)/np.sqrt(32); s-=s.max(-1,keepdims=True); att=np.exp(s); att/=att.sum(-1,keepdims=True)
z=np.einsum('nhp,nphe->nhe',att,v)
r=x[:,2]+np.einsum('nhe,hed->nd',z,W['blocks.0.attn.W_O'])+W['blocks.0.attn.b_O']
pre=r@W['blocks.0.mlp.W_in']+W['blocks.0.mlp.b_in']; post=np.maximum(pre,0)
r2=r+post@W['blocks.0.mlp.W_out']+W['blocks.0.mlp.b_out']; logits=r2@W['unembed.W_U']+W['unembed.b_U']
print('acc all', (logits.argmax(1)==(a+b)%p).mean())
# Fourier basis exactly as the notebook
F=[np.ones(p)/np.sqrt(p)]
for i in range(1,p//2+1):
    c=np.cos(2*np.pi*np.arange(p)*i/p); s_=np.sin(2*np.pi*np.arange(p)*i/p); F+= [c/np.linalg.norm(c), s_/np.linalg.norm(s_)]
F=np.stack(F)
def fft2d(m): return np.einsum('xyz,fx,Fy->fFz', m.reshape(p,p,-1),F,F).reshape(p*p,-1)
idx=[]
for f in range(1,p//2+1):
    idx.append([2*f-1,2*f,(2*f-1)*p,(2*f)*p,(2*f-1)*p+2*f-1,(2*f-1)*p+2*f,(2*f)*p+2*f-1,(2*f)*p+2*f])
idx=np.array(idx)
def metric(acts, centre=True, nfreq=56, thr=0.85, name=''):
    A=acts-acts.mean(0,keepdims=True) if centre else acts
    Fa=fft2d(A); norms=(Fa**2).sum(0)
    expl=(Fa[idx[:nfreq].flatten()].reshape(nfreq,8,-1)**2).sum(1)/norms
    frac=expl.max(0); fr=expl.argmax(0)+1
    n=(frac>=thr).sum(); nn=np.isnan(frac).sum()
    print(f'{name:40s} explained {n}/512 = {n/512:.4f}  (>{thr}: {(frac>thr).sum()}) nan {nn}')
    return frac, fr, expl
frac,fr,expl=metric(post,name='orig notebook (post, centred, 56)')
metric(post,nfreq=55,name='post, range(1,p//2) = 55 freqs')
metric(pre,name='pre-ReLU')
metric(post,centre=False,name='post, uncentred (const in denom)')
dead=(post.max(0)<=0).sum(); print('dead neurons (never fire):',dead, ' always-on (never zero):', (post.min(0)>0).sum())
print('key freqs (explained neurons):', dict(zip(*np.unique(fr[frac>=0.85],return_counts=True))))
print('argmax freqs all neurons:', dict(zip(*np.unique(fr,return_counts=True))))
srt=np.sort(expl,0); second=srt[-2]
un=frac<0.85
print('unexplained:',un.sum(),' frac hist',np.histogram(frac[un],bins=[0,.5,.6,.7,.75,.8,.85])[0], ' top2>=0.85:',((frac+second)[un]>=0.85).sum())
for t in [0.8,0.75,0.7]: print('thr',t,(frac>=t).sum()/512)
