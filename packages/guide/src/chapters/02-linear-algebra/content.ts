/** Chapter 2's prose (our own words; see lib/prose.ts for the markup). */

export const intro = `
Before a network can learn anything, its inputs, its weights and everything it computes in between
have to be written down as numbers laid out in arrays. Linear algebra is the grammar of those
arrays: how they are shaped, how they combine, and what their combinations mean geometrically.
This chapter covers the handful of operations a model actually uses, each with a widget whose
numbers come straight from the groundup library.
`;

export const tensors = `
The words grow with the number of indices you need to find one entry.

- A **scalar** needs no index: a single number such as $7$, or the probability $0.87$ that one
  recording shows an arrhythmia.
- A **vector** needs one: an ordered list such as $[3, 1, 4, 1, 5]$. Five consecutive voltage
  samples from one ECG lead form a vector of length 5.
- A **matrix** needs two, a row and a column. Take 32 recordings of a single lead, 1000 samples
  each, and stack them as rows: the result has shape [32, 1000].
- A **tensor** is the umbrella word for any number of indices. A scalar is a tensor with 0 axes, a
  vector has 1, a matrix 2, and nothing stops at 2.

Our running example needs three. A training batch holds 32 ECGs, each with 12 leads, each lead
1000 samples long, so \`x.shape\` is [32, 12, 1000] and one entry $x_{i,j,t}$ is the voltage of
recording $i$, lead $j$, at time step $t$. That is $32 \\times 12 \\times 1000 = 384{,}000$
numbers in one block of memory; the shape only says how to read them.

Two operations change how you look at a tensor without doing arithmetic. **Slicing** picks part of
it: a whole number at one axis keeps a single position and removes that axis, while a range like
\`'100:350'\` keeps that stretch and leaves the axis in place. **Reshaping** re-reads the same
numbers under a new shape, which only works when the sizes multiply to the same total.

In the widget the batch is filled with $12000\\,i + 1000\\,j + t$, so every value tells you which
recording, lead and sample it came from. Try a slice, then a reshape, then the reshape that
cannot work.
`;

export const dotProduct = `
Take two vectors of the same length, multiply them entry by entry, and add up the products. The
result, one number, is their **dot product**:

$$a \\cdot b = \\sum_{i=0}^{n-1} a_i b_i = a_0 b_0 + a_1 b_1 + \\dots + a_{n-1} b_{n-1}$$

(Indices count from 0 here, as they do in the code.)

With $a = [2, 3, 1]$ and $b = [4, 1, 5]$: the products are $8$, $3$ and $5$, and
$a \\cdot b = 8 + 3 + 5 = 16$.

There is also a picture. The widget draws both vectors at the coordinates you typed, in three
dimensions seen at a slant (switch the view to see the flat plane the two vectors span, with $b$
laid along the horizontal axis). In that plane the dot product equals the two lengths times the
cosine of the angle between them:

$$a \\cdot b = \\|a\\|\\,\\|b\\|\\cos\\theta$$

So the sign says whether two vectors point roughly the same way (positive), at right angles (zero)
or against each other (negative), and $a \\cdot b / \\|b\\|$ is the length of the shadow that $a$
casts on the line of $b$. For the example, $\\|a\\| = \\sqrt{14}$ and $\\|b\\| = \\sqrt{42}$, so
$\\cos\\theta = 16 / \\sqrt{588} \\approx 0.66$, about $48.7°$.

**Where it is used.** A single neuron is a dot product plus a number: $z = w \\cdot x + b$, with one
weight per input feature. A large $z$ means the input looks like the pattern stored in $w$. The
same idea returns twice later in this chapter: attention scores how well a query matches a key with
a dot product, and a convolution is a dot product repeated at every position of a signal.
`;

export const matmul = `
A layer has many neurons, and each needs the dot product of the same input with its own weight
vector. Put the weight vectors side by side as the columns of a matrix $W$, put the inputs of a batch
as the rows of $X$, and every one of those dot products is a single **matrix product**:

$$(XW)_{ij} = \\sum_{k} X_{ik}\\, W_{kj}$$

In words: entry $(i, j)$ of the product is row $i$ of $X$ dotted with column $j$ of $W$.

The **shape rule** follows: $[m, k] \\mathbin{@} [k, n] \\to [m, n]$. The two inner sizes must
agree, because each row of $X$ is dotted with each column of $W$, and both have length $k$; then
they disappear, leaving one row per input and one column per neuron. For a dense layer taking a
flattened 1000-sample lead into 256 neurons over our batch,
$[32, 1000] \\mathbin{@} [1000, 256] \\to [32, 256]$: 8,192 dot products of length 1000 each,
about 8 million multiply–adds, written as \`x @ W\`.

A small worked entry: if row 2 of $X$ is $[-1, 3, 2]$ and column 2 of $W$ is $[-1, 1, 3]$, then
$(XW)_{22} = (-1)(-1) + (3)(1) + (2)(3) = 1 + 3 + 6 = 10$.

**Why it matters.** Almost all the arithmetic of a forward pass is matrix products, so the speed of
a network is the speed of this one operation. The products inside are independent of each other,
which is exactly the kind of work a GPU (or the SIMD kernels this library uses) does thousands at
a time. When the inner sizes do not match, the library stops with a \`ShapeError\` that names both
shapes; the widget shows the real message. How fast this one operation runs on your own machine is
the subject of the [next section](#/ch/2/matmul-speed).
`;

export const matmulSpeed = `
If a network is only as fast as its matrix products, the speed of a product is worth measuring. Two
$[n, n]$ matrices take $n^3$ multiply–adds to multiply, which is counted as $2n^3$ floating-point
operations (flops). Divide that by the time the product took and you have flops per second, usually
quoted in billions: **GFLOP/s**.

The library can compute the same product in more than one way. The **TypeScript loops** are the
readable code the source tabs show: three nested loops and one multiply–add at a time. The **SIMD
kernel** is compiled WebAssembly; each of its instructions multiplies four numbers at once, it holds
a small block of the result in registers while it streams through the inputs, and it first copies
the inputs into tiles laid out in the order it will read them. **Relaxed SIMD** lets the processor
fuse each multiply with its add where it has an instruction for that. With **two threads** each
worker computes part of the rows of the result; threads need memory shared between them, which a
browser grants only to a page served as cross-origin isolated.

Every path returns the same numbers up to float32 rounding (the widget prints the largest
difference it saw), so the speed costs nothing in accuracy: the arithmetic is the same, only its
schedule changes. Expect a factor of tens between the loops and the kernel. Small sizes gain less,
because the fixed cost of a call weighs more when there is little work in it, and a product under
about a million multiply–adds stays on one thread.
`;

export const transpose = `
The **transpose** $A^{\\top}$ swaps the roles of rows and columns: entry $(i, j)$ of $A$ becomes entry
$(j, i)$ of $A^{\\top}$, so a [3, 5] matrix turns into a [5, 3] one.

$$(A^{\\top})_{ji} = A_{ij}, \\qquad \\begin{bmatrix} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\end{bmatrix}^{\\top} = \\begin{bmatrix} 1 & 4 \\\\ 2 & 5 \\\\ 3 & 6 \\end{bmatrix}$$

It does no arithmetic; it exists to line up shapes for a matrix product. Two places you will meet it:

- **Attention** needs the dot product of every query with every key. Both $Q$ and $K$ are
  [positions, d], so $Q K^{\\top}$ — [T, d] times [d, T] — gives the [T, T] table of scores.
  The widget's $A A^{\\top}$ is the same pattern: each row of $A$ dotted with every row of $A$.
- **Backpropagation** through $y = x W$ sends the gradient back as $\\partial L/\\partial x =
  (\\partial L/\\partial y)\\, W^{\\top}$: the same weights, read the other way round.
  The library's \`nn.Linear\` stores $W$ as [out, in] and computes $x W^{\\top} + b$ for the
  same reason PyTorch does.
`;

export const norms = `
A **norm** turns a vector into one non-negative number, its size. There is more than one sensible
way to do that:

$$\\|x\\|_1 = \\sum_i |x_i|, \\qquad \\|x\\|_2 = \\sqrt{\\sum_i x_i^2}, \\qquad \\|x\\|_\\infty = \\max_i |x_i|$$

For $x = (3, -4)$: $\\|x\\|_1 = 7$ (walking along the grid), $\\|x\\|_2 = 5$ (the straight line,
Pythagoras) and $\\|x\\|_\\infty = 4$ (the largest single entry). The set of points with norm 1 —
the *unit ball* — is a circle for L2 but a diamond for L1, with its corners sitting on the axes.

For a matrix the usual size is the **Frobenius norm**: treat all entries as one long vector and
take its L2 norm, $\\|W\\|_F = \\sqrt{\\sum_{i,j} W_{ij}^2}$. For $\\begin{bmatrix} 1 & 2 \\\\ 3 & 4\\end{bmatrix}$
that is $\\sqrt{30} \\approx 5.48$.

**Where they are used.**

- **Weight decay** adds $\\tfrac{\\lambda}{2}\\|W\\|_F^2$ to the loss, so large weights cost
  something and the optimizer keeps them small unless the data pays for them.
- **L1 regularization** (the Lasso) adds $\\lambda\\|w\\|_1$ instead. Because the diamond's corners
  lie on the axes, the best point under an L1 budget often has some coordinates exactly zero:
  L1 switches features off.
- **Normalizing**: $x / \\|x\\|_2$ has length 1 and keeps only the direction (the green arrow in
  the widget). Cosine similarity, layer normalization and gradient clipping all divide by a norm.
`;

export const eigen = `
Most vectors change direction when a matrix multiplies them. A few special ones do not: the matrix
only stretches them (or flips them). Such a vector $v \\neq 0$ is an **eigenvector** of the square
matrix $A$, and the stretch factor $\\lambda$ is its **eigenvalue**:

$$A v = \\lambda v$$

Worked example: $A = \\begin{bmatrix} 2 & 1 \\\\ 1 & 2 \\end{bmatrix}$ sends $(1, 1)$ to $(3, 3)$ —
three times itself, so $\\lambda = 3$ — and $(1, -1)$ to $(1, -1)$, so $\\lambda = 1$.

For a **symmetric** matrix, such as a covariance matrix, the eigenvalues are real and the
eigenvectors can be chosen at right angles to each other. They are the matrix's own axes: apply $A$
to the unit circle and you get an ellipse whose axes point along the eigenvectors, with half-lengths
$|\\lambda_1|$ and $|\\lambda_2|$. \`linalg.eigh\` finds them with the Jacobi method.

**Power iteration** finds the dominant one with nothing but repeated products: start from any
vector, multiply by $A$, rescale to length 1, and repeat.

$$v_{k+1} = \\frac{A v_k}{\\|A v_k\\|_2}$$

Each product multiplies the part of $v$ along each eigenvector by its eigenvalue, so the part with
the largest $|\\lambda|$ grows fastest and soon is all that is left. The gap sets the speed: the
other parts shrink like $(\\lambda_2/\\lambda_1)^k$. When two eigenvalues are nearly equal in size,
step the widget and watch it crawl.

**Where it is used.** PCA (next) is an eigendecomposition of the data's covariance. How much a layer $W$
can stretch its input is the square root of the largest eigenvalue of $W^{\\top} W$; spectral
normalization estimates it by power iteration and divides it out, and the eigenvalues of the loss's curvature decide how large a
learning rate can be before training diverges.
`;

export const pca = `
**Principal component analysis** asks: along which direction do the data points spread out the
most? With the data as rows of $X$ (one row per observation), subtract the mean $\\mu$ of each column
and form the covariance matrix

$$C = \\frac{1}{n-1}(X - \\mu)^{\\top}(X - \\mu)$$

Its eigenvectors are the **principal axes**, and the eigenvalue of each is the variance of the data
measured along it. Sorted from largest to smallest, the first axis is the direction of widest
spread, the second is the widest at right angles to the first, and so on. The share
$\\lambda_i / \\sum_j \\lambda_j$ is that axis's **explained variance ratio**.

To compress, keep the top $k$ axes and describe each point by its coordinates along them,
$z = (x - \\mu) W_k^{\\top}$. In the widget, a cloud with spreads 2 and 0.6 has variances near
$4$ and $0.36$, so the first axis carries roughly $4 / 4.36 \\approx 92\\%$ of the variance, and
flattening the cloud onto it (tick *project*) loses little.

**Where it is used.** Suppose each ECG is summarised by many features — heart rate, QRS width, RR
irregularity, wave amplitudes in each of 12 leads. Many of them move together, since the 12 leads
all watch the same heart. PCA finds the few combinations that carry most of the variation, so a
small model or a 2-D plot can use them instead. It is also the standard way to look at learned
embeddings, and a baseline for whether a deeper model is finding more than linear structure.
`;

export const convolution = `
A pattern in a signal — the sharp spike of a QRS complex, say — can appear anywhere in the
recording. A **convolution** looks for it everywhere with one small weight vector $w$ of length $K$,
the **kernel**: at every position $t$ it takes the dot product of $w$ with the window of $K$ samples
starting there.

$$y[t] = \\sum_{k=0}^{K-1} w_k\\, x[t + k], \\qquad t = 0, 1, \\dots, L - K$$

So a length-$L$ signal gives $L - K + 1$ outputs. Example: $x = [0, 1, 2, 3, 2]$ with
$w = [-1, 0, 1]$ gives $y = [2, 2, 0]$; the kernel measures slope. (Deep-learning libraries compute
this sliding dot product without flipping $w$; mathematicians call that cross-correlation, but the
name convolution stuck.)

Because the same $K$ weights are reused at every position, a convolutional layer needs far fewer
parameters than a dense one and recognises a pattern wherever it occurs. A 1-D CNN for our ECGs
applies many such kernels to all 12 leads at once: \`nn.Conv1d(12, 32, 7)\` maps [32, 12, 1000] to
[32, 32, 994].
`;

export const attention = `
Attention lets each position of a sequence gather information from every other position, weighted
by relevance. Each position has three vectors, all learned projections of its input: a **query**
(what I am looking for), a **key** (what I contain) and a **value** (what I hand over). Relevance is
a dot product of a query with a key:

$$\\operatorname{Attention}(Q, K, V) = \\operatorname{softmax}\\!\\Big(\\frac{Q K^{\\top}}{\\sqrt{d}}\\Big)\\, V$$

Read it from the inside. $Q K^{\\top}$ is the [T, T] table of all query–key dot products. Dividing by
$\\sqrt{d}$ (the vector length) keeps those scores in a moderate range: dot products of longer vectors
are larger, and without the division the softmax would put nearly all weight on one position.
Softmax turns each row into weights that add to 1, and multiplying by $V$ makes each output a
weighted average of the values.

For an ECG model, the positions could be the beats of a recording. A premature beat's query can then
score high against the keys of the normal beats around it, which is the comparison a cardiologist
makes by eye. A **causal mask** sets the scores of later positions to $-\\infty$ before the softmax,
so their weights are exactly 0; language models need it, and it is a switch in the widget.
`;

export const positionalEncoding = `
Attention treats its inputs as an unordered set: shuffle the positions and each output moves with
its input, unchanged. For a signal, order is everything, so the position is added to each input as
a vector of its own. The classic choice uses sines and cosines of different speeds:

$$PE_{p,\\,2i} = \\sin\\!\\Big(\\frac{p}{10000^{2i/d}}\\Big), \\qquad PE_{p,\\,2i+1} = \\cos\\!\\Big(\\frac{p}{10000^{2i/d}}\\Big)$$

Think of $d/2$ clock hands, the first turning once every $2\\pi \\approx 6.3$ positions and each next
one more slowly. Together they give every position its own pattern, the way seconds, minutes and
hours together give every moment of a day its own reading. Example with $d = 16$, pair $i = 1$:
position 10 has angle $10 / 10000^{2/16} \\approx 3.16$, so $PE_{10,2} = \\sin(3.16) \\approx -0.02$.

A useful fact follows from $\\sin^2 + \\cos^2 = 1$ and the angle-difference formula: the dot product
$PE_p \\cdot PE_{p+k}$ depends only on the offset $k$, not on $p$. Relative distance is therefore
something a dot product — and so attention — can read off directly.
`;

export const dice = `
Segmentation labels every sample (or pixel) rather than the whole input: which samples of this ECG
belong to a QRS complex? Prediction and truth are then two **masks**, and a natural score is how much
they overlap relative to their sizes. For sets $A$ and $B$, the **Dice coefficient** is

$$\\text{Dice} = \\frac{2\\,|A \\cap B|}{|A| + |B|}$$

It is 1 for identical masks and 0 for masks that do not touch. Example: a true segment of 10 samples
and a predicted one of 10 that share 5 give $2 \\times 5 / 20 = 0.5$.

Written with vectors, the intersection is a dot product: if $t$ is the 0/1 target mask and $p$ the
predicted probabilities, $|A \\cap B|$ becomes $\\sum_i p_i t_i = p \\cdot t$. That *soft* version is
differentiable, so $1 - \\text{Dice}$ can be trained as a loss. \`loss.dice\` adds a small $\\varepsilon$
to top and bottom so that two empty masks score a perfect 0 loss instead of $0/0$.

Why not plain accuracy? A QRS complex fills only a few percent of a recording, so predicting "no
QRS anywhere" is already about 95% accurate. Dice ignores the huge empty background and looks only at
the region of interest.
`;

export const augmentation = `
A model should not change its answer because a recording is a bit louder, starts a little later or
carries some electrode noise. **Data augmentation** builds that in: each time an example is used, it
is changed in ways that keep its label, so the model sees variety it would otherwise need many more
recordings to meet.

Each change is simple linear algebra:

- **amplitude scaling** multiplies the signal by a number $a$ near 1: $\\tilde x = a\\,x$;
- a **time shift** moves it by $s$ samples, $\\tilde x[t] = x[t - s]$ (circularly, for a periodic
  rhythm);
- **noise** adds independent Gaussian values: $\\tilde x = x + \\sigma\\varepsilon$, with
  $\\varepsilon \\sim \\mathcal N(0, 1)$;
- for images, an **affine map** rotates, zooms and moves the pixel grid about the image centre $c$:
  $p' = c + s\\,R(\\theta)(p - c) + t$, with $R(\\theta)$ the $2\\times 2$ rotation matrix, and
  each new pixel is interpolated from its four nearest neighbours.

The amounts are a judgement about the domain. A 10% louder ECG is still the same rhythm, but
stretching it in time would change the heart rate, and with it possibly the label (bradycardia versus
normal). Augment only along directions the label truly does not depend on.
`;

export const pcaEcg = `
The same recipe on real data: five minutes of MIT-BIH record 208, cut into one window per
heartbeat around each R peak (the tall spike of the QRS complex). Every beat becomes a row of 84
voltages, and PCA finds the few directions along which these rows differ most. Look at the first
axis: it is almost flat. The largest difference between beats is not their shape but how far the
whole trace has drifted up or down (baseline wander), and a flat axis is exactly a shift. The next
axes carry shape: the spike's height and timing, and the broad premature ventricular beats this
record is known for. Rebuild a beat from only $k$ coordinates and watch the error fall.
`;
