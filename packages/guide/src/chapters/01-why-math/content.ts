/** Chapter 1's prose (our own words; see lib/prose.ts for the markup). */

export const fiveBranches = `
A trained network looks like magic from outside and like bookkeeping from inside. The bookkeeping
uses five branches of mathematics, and each one does a different job. You do not need to master
any of them; you need to know what job each one does, so that a line of model code reads like a
sentence.

- **Linear algebra** is how everything is written down. Inputs, weights and activations are arrays
  of numbers, and nearly all the arithmetic of a forward pass is multiplying those arrays.
- **Calculus** is how a network learns. The derivative of the loss with respect to a weight says
  which way to nudge it; backpropagation is the chain rule, used over and over, to get those
  derivatives for every weight at once.
- **Probability and statistics** say what the numbers mean. An output of 0.87 is a probability,
  a loss is a measure of how surprised the model was by the truth, and a regularizer is a belief
  held before any data arrived.
- **Optimization** turns a gradient into progress: how big a step to take, in which direction,
  and how to keep moving across flat or bumpy ground.
- **Information theory** is the smallest of the five. It explains why cross-entropy and KL
  divergence, and not some other formula, are the right way to score predicted probabilities.

Each branch has a colour in this guide, used wherever that branch is at work: in section
headings, in the frames of the widgets and in the map of [chapter 7](#/ch/7).
`;

export const howMuch = `
Less than you might fear. Nothing here asks you to prove a theorem or to derive backpropagation
by hand, and the heavier machinery — measure theory, functional analysis, topology — stays out of
it. The aim is narrower and more practical: to read an expression such as

$$\\text{output} = \\operatorname{softmax}(X W + b)$$

and know, for every symbol, what it holds, what shape it has, and why it is there. The rest of
the guide builds that up branch by branch; the widget below does it for this one line right away.
`;

export const everySymbol = `
Here is that line as a running computation. In code it is written \`softmax(X @ W + b)\`, where \`@\`
is matrix multiplication. Our example is tiny so that every number fits on the screen: **X** is a
batch of four ECG recordings, each summarised by three features, so its shape is [4, 3]. **W**
holds one column of weights per class — *normal* and *arrhythmia* — so its shape is [3, 2].
**b** adds one number per class. The product $X W$ has shape [4, 2]: four rows of two scores.
Softmax turns each row of scores into two probabilities that add up to 1.

One note on layout. Here $W$ is stored as [in, out] so that the formula reads exactly as written.
The library's \`nn.Linear\` follows PyTorch and stores its weight as [out, in], computing
$X W^{\\top} + b$; it is the same arithmetic with the matrix kept the other way round.

The widget adds one knob the line above leaves out: a **temperature** $T$, which divides every
score before softmax, $\\operatorname{softmax}(z / T)$. At $T = 1$ nothing changes. Turn it below
1 and the gaps between scores grow, so the larger score takes nearly all the probability; turn it
up and the gaps shrink until both classes sit near one half. The last column measures how unsure
each row is, its **entropy** in bits: 0 when one class is certain, 1 for an even split between
two. Language models use the same knob when they sample text: a low temperature picks the likely
word almost every time, a high one lets the unlikely words through.

Every number below is computed by the groundup library in your browser. Open the *source* tab to
read the three functions that did it, or the *code* tab to rerun the same computation yourself.
`;
