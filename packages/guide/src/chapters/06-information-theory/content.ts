/** Chapter 6's prose (our own words; see lib/prose.ts for the markup). */

export const intro = `
Information theory began as the mathematics of sending messages down a wire, and it turns out to
be the right language for scoring a model that outputs probabilities. It rests on one idea — how
*surprised* you are when something happens — and everything in this chapter is built from it:
entropy, cross-entropy, KL divergence, and the contrastive losses of self-supervised learning.
`;

export const entropy = `
Start with a single outcome that had probability $p$. If $p$ was close to 1, seeing it tells you
almost nothing new; if $p$ was tiny, seeing it is news. The standard way to put a number on that is
the **surprise** (also called self-information):

$$s(x) = -\\log p(x)$$

It is 0 for a certain event, grows without bound as $p(x) \\to 0$, and it adds up for independent
events, because their probabilities multiply and logarithms turn products into sums. With $\\log_2$
the unit is the **bit**; with the natural log it is the **nat** ($1\\text{ nat} \\approx 1.443$ bits).
Machine-learning code almost always works in nats; bits are easier to picture.

**Entropy** is the surprise you should expect on average, each outcome weighted by how often it
happens:

$$H(p) = -\\sum_x p(x) \\log p(x), \\qquad \\text{with } 0 \\log 0 = 0.$$

For a coin with $P(\\text{heads}) = p$ that is $H = -p\\log_2 p - (1-p)\\log_2(1-p)$. A fair coin
gives $-\\tfrac12\\log_2\\tfrac12 - \\tfrac12\\log_2\\tfrac12 = 1$ bit: you cannot do better than
guessing, and every flip tells you exactly one yes-or-no answer. A coin that always lands heads
gives $-1 \\cdot \\log_2 1 = 0$ bits: nothing to learn. In between, a coin that lands heads 90% of
the time has $-0.9\\log_2 0.9 - 0.1\\log_2 0.1 \\approx 0.137 + 0.332 = 0.469$ bits — the rare tails
carries most of the surprise (3.32 bits each time), but it happens so seldom that the average stays
low.
`;

export const entropyMany = `
The same formula works for any number of outcomes. With $K$ outcomes the entropy is largest when
all are equally likely, $H = \\log K$, and 0 when one of them is certain.

In the ECG example, a classifier looks at one recording — 12 leads × 1000 samples — and outputs a
distribution over five rhythm classes: normal sinus rhythm, atrial fibrillation, premature
ventricular contractions, bradycardia and tachycardia. The entropy of that output is a one-number
summary of how undecided the model is: near 0 bits when it is sure, up to $\\log_2 5 \\approx 2.32$
bits when it has no idea. Flagging the high-entropy recordings for a cardiologist is a simple and
common way to use it. Below, the logits are the classifier's raw scores and softmax turns them into
the distribution (as in [chapter 1](#/ch/1/every-symbol)).
`;

export const informationGain = `
A decision tree classifies by asking a chain of yes-or-no questions about the features —
"is the petal shorter than 2.45 cm?" — and each question splits the training examples in two.
Which question should it ask first? The one that leaves it *least uncertain* about the label, and
entropy measures exactly that. The **information gain** of a split is the entropy of the labels
before it minus the size-weighted entropy of the two groups after it:

$$IG = H(Y) - \\frac{n_L}{n} H(Y_L) - \\frac{n_R}{n} H(Y_R)$$

A worked example on the classic iris flowers: 150 flowers, 50 of each of three species, so
$H(Y) = \\log_2 3 \\approx 1.585$ bits. Split on petal length ≤ 2.45 cm: the left group is all 50
setosas (entropy 0), the right group is 50 versicolor and 50 virginica (entropy 1 bit). The gain is
$1.585 - \\tfrac{50}{150}\\cdot 0 - \\tfrac{100}{150}\\cdot 1 \\approx 0.918$ bits — more than half of
all the uncertainty gone in one question.

A tree-growing algorithm simply tries every feature and every threshold halfway between two
neighbouring values, keeps the split with the largest gain, and repeats inside each group until the
groups are pure or a depth limit is reached. That is how ID3 and C4.5 work, and what
\`info.DecisionTree\` does. CART usually scores splits with Gini impurity, a close relative of
entropy; random forests average many such trees, and gradient-boosted trees (XGBoost, LightGBM)
compute their gain from the loss's gradients instead — but every one of them looks for the split
that makes the groups purer. For ECGs, a tree on hand-made features such as the irregularity of the
RR intervals would find that a single threshold on it isolates most atrial fibrillation.
`;

export const crossEntropy = `
Entropy assumes you know the true distribution $p$. A model only has its own guess, $q$. If outcomes
really come from $p$ but you judge their surprise with $q$, your average surprise is the
**cross-entropy**:

$$H(p, q) = -\\sum_x p(x) \\log q(x)$$

It can never be lower than $H(p)$, and it equals $H(p)$ exactly when $q = p$. Every way that $q$ is
wrong adds surprise on top of the unavoidable amount — so cross-entropy is a natural score for a
model's probabilities: lower is better, and the floor is the entropy of the truth itself.

For classification the truth about one training example is **one-hot**: the ECG is labelled, say,
atrial fibrillation, so $p$ puts 1 on that class and 0 elsewhere. Every term with $p(x) = 0$
vanishes and the sum collapses to a single term:

$$H(p, q) = -\\log q(\\text{correct class})$$

That is the cross-entropy loss that trains nearly every classifier. A worked example: logits
$[2, 0, -1]$ with the first class correct give $q = \\operatorname{softmax} = [0.844, 0.114, 0.042]$,
so the loss is $-\\ln 0.844 \\approx 0.170$ nats. The cost climbs steeply as the probability of the
right answer falls: $-\\ln 0.5 \\approx 0.69$, $-\\ln 0.1 \\approx 2.30$, $-\\ln 0.01 \\approx 4.61$. A model
that is confident and wrong is punished far more than one that hedges, which is exactly the
behaviour we want from a probability.

\`loss.crossEntropy\` takes the logits rather than the probabilities and computes
$\\log q$ as $z - \\log\\sum_j e^{z_j}$, which never takes the log of a probability that rounded to
zero. For the batch of 32 ECGs it returns the mean of the 32 values of $-\\log q(\\text{true rhythm})$.
Minimising it is the same as maximising the likelihood of the labels
([chapter 4](#/ch/4)): the log of a product of probabilities is a sum of logs.
`;

export const klDivergence = `
The extra surprise that cross-entropy adds on top of the entropy has its own name, the
**Kullback–Leibler divergence** of $q$ from $p$:

$$D_{KL}(p\\,\\|\\,q) = \\sum_x p(x) \\log\\frac{p(x)}{q(x)} = H(p, q) - H(p)$$

It is never negative and it is zero only when the two distributions are the same, so it works as a
measure of how far the model is from the truth. When we train a classifier, $p$ comes from the data
and does not change, so $H(p)$ is a constant: minimising cross-entropy and minimising KL move the
weights in exactly the same way. The two losses differ only by a number the model cannot affect.

A worked example in nats: truth $p = [0.5, 0.5]$, model $q = [0.9, 0.1]$.
$D_{KL}(p\\|q) = 0.5\\ln\\tfrac{0.5}{0.9} + 0.5\\ln\\tfrac{0.5}{0.1} \\approx -0.294 + 0.805 = 0.511$.
Swap the roles and $D_{KL}(q\\|p) = 0.9\\ln\\tfrac{0.9}{0.5} + 0.1\\ln\\tfrac{0.1}{0.5} \\approx 0.529 - 0.161 = 0.368$ —
a different number, which is the subject of the next section.

Where it is used in ML:

- **Knowledge distillation.** A small student network is trained to match the full output
  distribution of a large teacher, not just its top answer. A big 12-lead ECG model that says
  "70% atrial fibrillation, 25% normal" is also telling the student which rhythms look alike. Both
  distributions are softened with a temperature $T$ (softmax of logits $/\\,T$), and the loss is
  $D_{KL}(\\text{teacher}\\,\\|\\,\\text{student})$ — \`loss.klDiv(studentLogits, teacherProbs)\`.
- **Variational autoencoders.** The encoder maps each input to a Gaussian over a latent code, and a
  KL term pulls that Gaussian towards a standard normal, which keeps the latent space smooth and
  lets you sample from it.
- **RLHF.** When a language model is fine-tuned against a reward model, a KL penalty between the
  fine-tuned model and the original one stops it from drifting into strange text that merely
  games the reward.
`;

export const klAsymmetry = `
Unlike a distance, KL divergence changes when you swap its arguments:
$D_{KL}(p\\|q) \\ne D_{KL}(q\\|p)$ in general. The reason is in the weights. In $D_{KL}(p\\|q)$ each
log-ratio is weighted by $p$: wherever the truth has mass and the model has almost none,
$\\log\\frac{p}{q}$ is huge and it counts fully. In $D_{KL}(q\\|p)$ the weights are the model's own:
places the model ignores cost nothing, but putting mass where the truth is rare is expensive.

The widget makes this visible. The truth is a population's heart rates with two humps — people at
rest near 68 bpm and people in tachycardia near 148 bpm — and the model can only be one bump.
Minimising the **forward** KL, $D_{KL}(p\\|q)$, gives a wide bump that covers both humps and
wastes mass on the empty valley between them (*mode-covering*): leaving either hump uncovered would
be ruinous. Minimising the **reverse** KL, $D_{KL}(q\\|p)$, gives a narrow bump sitting on one hump
(*mode-seeking*): the valley is forbidden territory, and missing the other hump costs nothing.

Both directions appear in practice. Maximum-likelihood training — cross-entropy on data — is the
forward direction, so a model is punished hard for holes where real data lives. Variational
inference, including the encoder of a VAE, minimises a reverse KL from the approximation to the
true posterior, which is why such approximations tend to be too narrow rather than too wide. The
RLHF penalty is also taken in the reverse direction, from the fine-tuned model to the original.
`;

export const contrastive = `
Contrastive learning trains an encoder without labels. Take one ECG, make two altered copies of it —
add a little noise, shift the baseline, drop a lead — and encode both. The two embeddings should be
close; the embeddings of the other recordings in the batch should be far. Closeness is measured
with **cosine similarity**, the dot product of the two vectors after scaling each to length 1, so it
runs from −1 to 1.

The **InfoNCE** loss turns this into a classification problem. For anchor $i$, treat the
similarities to all $N$ candidates as logits (divided by a temperature $\\tau$) and ask: which
candidate is my partner? The answer is a one-hot label, so the loss is plain cross-entropy:

$$s_{ij} = \\frac{\\hat z_{1,i}\\cdot\\hat z_{2,j}}{\\tau}, \\qquad \\ell_i = -\\log\\frac{e^{s_{ii}}}{\\sum_{j=1}^{N} e^{s_{ij}}}$$

A worked example: four ECGs whose first views point at 0°, 90°, 180° and 270°, second views
exactly aligned, $\\tau = 0.5$. For the first anchor the cosines are $[1, 0, -1, 0]$, the logits
$[2, 0, -2, 0]$, and $\\ell_1 = -\\ln\\frac{e^2}{e^2 + 1 + e^{-2} + 1} \\approx 0.254$. A smaller
temperature sharpens the softmax, so the same geometry gives a smaller loss when pairs are right
and a much larger one when a negative sits closer than the partner.

With a batch of 32 ECGs each anchor has 1 partner and 31 negatives. The name comes from
information theory: $\\log N - \\text{InfoNCE}$ is a lower bound on the mutual information between
the two views, so driving the loss down forces the embedding to keep what the two copies share —
the rhythm — and to discard what the augmentations changed. SimCLR's NT-Xent and CLIP's
image–text loss are variations on the same formula.
`;

export const boostedTrees = `
The spec says that XGBoost and random forests pick the split that lowers entropy the most. That is
true of an entropy tree and close to true of a forest, which by default scores splits with Gini
impurity $1-\\sum_k p_k^2$, a cousin of entropy that ranks splits almost the same way. It is not
what XGBoost does. A boosted model is a sum of trees, $F(x) = b + \\sum_t \\eta\\, f_t(x)$, and
each new tree is fitted to what the sum so far still gets wrong, measured by the loss itself.

For the logistic loss, with $p_i = \\sigma(F(x_i))$, each point carries a **gradient**
$g_i = p_i - y_i$ (how far and in which direction its probability is off) and a **Hessian**
$h_i = p_i(1-p_i)$ (how sharply the loss bends there). A leaf holding points with sums
$G = \\sum g_i$ and $H = \\sum h_i$ gets the Newton step $w^* = -G/(H+\\lambda)$, and that step lowers
the loss by about $\\tfrac12 G^2/(H+\\lambda)$. So the worth of cutting a leaf in two is

$$\\text{gain} = \\tfrac12\\Big[\\frac{G_L^2}{H_L+\\lambda} + \\frac{G_R^2}{H_R+\\lambda} - \\frac{(G_L+G_R)^2}{H_L+H_R+\\lambda}\\Big] - \\gamma$$

where $\\lambda$ pulls leaf weights towards zero and $\\gamma$ is the least improvement a split must
bring. No label counts appear, only gradients: the same cut scores differently in every round,
because the points the earlier trees already fit well have small $g$ and hardly count. Two details
of the real XGBoost, which \`trees.GradientBoosting\` copies and checks against it: the "gain" its
trees record is the bracket without the ½, and $\\gamma$ is compared with that bracket after the
tree is grown, pruning from the leaves up. In the first round every point starts at $p = ½$, so
$g = \\pm ½$ and $h = ¼$ for all of them, and the gradient gain ranks cuts much as the class
counts do; from the second round on the two gains part ways.

A **random forest** goes the other way: instead of trees that correct each other, many deep trees
that each see a bootstrap sample of the rows (about 63% of them, $1 - 1/e$) and only a random
handful of features at every split, so that they make different mistakes; their average vote is
steadier than any one of them.
`;

export const klInPractice = `
Two training objectives carry a KL divergence as one of their terms, and both can be computed by
hand on a toy.

**A variational autoencoder** encodes an input as a Gaussian $q(z) = \\mathcal N(\\mu,
\\operatorname{diag}\\sigma^2)$ and is charged $D_{KL}(q\\,\\|\\,\\mathcal N(0, I))$ for straying from
the prior. For two diagonal Gaussians the sum-over-outcomes becomes an integral with a closed
form, $\\tfrac12\\sum_i(\\sigma_i^2 + \\mu_i^2 - 1 - \\ln\\sigma_i^2)$, which is 0 exactly when
$\\mu = 0$ and $\\sigma = 1$. The same number is the average of $\\log q(z) - \\log p(z)$ over draws
$z \\sim q$; the widget draws $S$ of them and shows the estimate with its standard error, which
falls like $1/\\sqrt S$.

**RLHF** tunes a language model's policy $\\pi$ to score well under a reward model, but subtracts
$\\beta\\,D_{KL}(\\pi\\,\\|\\,\\pi_{\\text{ref}})$ so it cannot wander far from the model it started
as. Push up one token's logit: the expected reward changes, the KL grows roughly with the square of
the push, and past some point the penalty eats the gain. A larger $\\beta$ moves that point closer.
`;
