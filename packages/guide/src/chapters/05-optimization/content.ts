/** Chapter 5's prose (our own words; see lib/prose.ts for the markup). */

export const intro = `
[Chapter 3](#/ch/3) gave us the gradient: for every weight, which way is uphill and how steeply.
This chapter is about what to *do* with it. The gradient only describes the ground under your
feet; the optimizer decides how long a stride to take, whether to keep some speed from earlier
strides, and whether each weight should get a stride of its own. Every widget below runs the
library's optimizers (\`optim.SGD\`, \`optim.Adam\`, …) in your browser, one real \`opt.step()\`
at a time.
`;

export const lossLandscape = `
Fix the data and the architecture, and the loss becomes an ordinary function of the weights alone:
feed in a setting of every weight, get back one number. Picture each weight as a direction on a
map and the loss as the altitude there. Training starts somewhere on this terrain and tries to
reach low ground.

With two weights the terrain is a surface we can draw. The first landscape below is a real one:
the mean squared error of a line $\\hat y = w x + b$ fitted to 64 seeded points that lie near
$y = 2x - 1$,

$$L(w, b) = \\frac{1}{64} \\sum_{i=1}^{64} \\big(w x_i + b - y_i\\big)^2 .$$

Each pixel of the heatmap is this sum evaluated by the library at one $(w, b)$; darker green is
lower loss, and each band of colour is a step in $\\log L$, so the band edges work as contour lines.

**One step, with numbers.** Start at $(w, b) = (-0.5, 2.5)$. There the loss is $7.810$ and
autograd gives the gradient $\\nabla L = (-3.357,\\ 1.945)$: raising $w$ would lower the loss,
raising $b$ would raise it. Gradient descent moves against the gradient, scaled by the learning
rate $\\eta$:

$$\\theta_{t+1} = \\theta_t - \\eta\\, \\nabla L(\\theta_t),$$

so with $\\eta = 0.1$ the first step goes to

$$(-0.5,\\ 2.5) - 0.1 \\cdot (-3.357,\\ 1.945) = (-0.164,\\ 2.305),$$

and the loss there is $6.443$. Repeat, and the path walks down into the bowl until it stops at
the least-squares line, $w \\approx 2.013$, $b \\approx -0.981$.

**In ML.** A 1-D convolutional network that reads a batch of 32 ECGs, each 12 leads × 1000
samples, and outputs P(arrhythmia | this ECG) has tens of thousands of weights. Its landscape
has that many directions and nobody can draw it, but each training step does exactly what this
widget does: evaluate the loss, ask autograd for the slope in every direction, and step downhill.
Switch to the other surfaces to see terrains that are harder to walk.
`;

export const convexity = `
A function is **convex** when the straight line between any two points of its graph never dips
below the graph: a single bowl with no side pockets. Formally, for every pair of weight settings
$\\theta_1, \\theta_2$ and every $0 \\le s \\le 1$,

$$L\\big(s\\,\\theta_1 + (1-s)\\,\\theta_2\\big) \\le s\\,L(\\theta_1) + (1-s)\\,L(\\theta_2).$$

On a convex loss every downhill walk ends at the same lowest point, whatever its start. The line
fit above is convex: squared errors of a linear model always are.

The second surface, $L(x, y) = (x^2 - 1)^2 + 0.3x + y^2$, is not. It has a deeper valley near
$x = -1.04$ (loss $-0.31$), a shallower one near $x = 0.96$ (loss $+0.29$), and between them a
**saddle** near $x = 0.08$, where the ground slopes down on two sides and up on the other two.
Run gradient descent from a row of starting points: the left-hand ones reach the global
minimum, the right-hand ones stop in the local one, and nothing in the update rule tells them
they have settled for second best — the gradient is zero at the bottom of both.

**In ML.** Logistic regression on hand-made ECG features (heart rate, QRS width, RR
irregularity) is convex: any reasonable optimizer finds the same weights. The moment a hidden
layer with a nonlinearity appears, convexity is gone; swapping two hidden units gives the same
network at a different point in weight space, so there are always many equally good valleys.
What makes deep learning work anyway is an empirical finding, not a theorem: in very high
dimensions most critical points are saddles rather than bad minima, and the valleys that
gradient descent does find tend to be about equally good on new patients.
`;

export const sgdVariants = `
The loss is an average over training examples, so its gradient is an average too:
$\\nabla L = \\frac{1}{N} \\sum_i \\nabla \\ell_i$. The three classic variants differ only in how
many examples feed that average before each step.

- **Batch gradient descent** uses all $N$ examples: the exact gradient, but just one step per
  pass over the data (an *epoch*).
- **Stochastic gradient descent** uses one example at a time: $N$ steps per epoch, each aimed
  by a single noisy opinion.
- **Mini-batch** gradient descent uses a batch $B$ of a few dozen to a few hundred:
  $\\theta \\leftarrow \\theta - \\eta \\frac{1}{|B|} \\sum_{i \\in B} \\nabla \\ell_i$.

The batch average is an unbiased estimate of the full gradient, and its noise shrinks like
$1/\\sqrt{|B|}$: quadrupling the batch halves the wobble. Above a point, a bigger batch buys
accuracy you do not need at a price in memory and time you do.

**Worked numbers.** With our 64 points and 10 epochs at $\\eta = 0.1$: full batch takes 10 steps
and its loss is still several times the best possible; mini-batches of 8 take $64/8 = 8$ steps per epoch, 80 in
all, and arrive; single examples take 640 steps that arrive too, but keep jittering around the
bottom because each step listens to one point. The widget below runs all three with the
library's \`data.DataLoader\` (shuffled from a seed) and \`optim.SGD\`; the loss plotted is
always on all 64 points, so the curves are comparable.

**In ML.** An ECG training set of 10,000 recordings at 12 × 1000 samples is 120 million numbers;
one full-batch gradient means a forward and backward pass over all of them for a single step. A
mini-batch of 32 — the running example's \`[32, 12, 1000]\` — gives a useful step from 384,000
numbers. When people say "SGD" in practice they mean this mini-batch form, and the library's
\`optim.SGD\` does not care which: the batch size is the data loader's business.
`;

export const learningRate = `
The learning rate $\\eta$ sets the stride. Too short, and training crawls; too long, and each
step overshoots the valley floor and lands higher up the opposite wall, and the next step
overshoots further.

For a bowl this can be made exact. Near its bottom a loss looks like a quadratic with curvature
(second derivative) $\\lambda$ in its steepest direction, and one gradient step multiplies the
distance to the bottom along that direction by

$$1 - \\eta\\,\\lambda .$$

If $0 < \\eta\\lambda < 1$ the distance shrinks smoothly; between 1 and 2 it shrinks while flipping
sides (a zigzag); at $\\eta\\lambda > 2$ the factor's size exceeds 1 and the distance **grows**
every step. So the largest safe learning rate is $\\eta < 2/\\lambda_{\\max}$.

**Worked numbers.** For our line fit the curvature matrix (the Hessian) is
$H = \\frac{2}{64}\\begin{bmatrix}\\sum x_i^2 & \\sum x_i \\\\ \\sum x_i & 64\\end{bmatrix}$; its
eigenvalues, computed by \`linalg.eigh\`, are $0.795$ and $5.306$. So $\\eta = 2/5.306 = 0.377$ is
the edge. At $\\eta = 0.3$ the steep direction shrinks by $|1 - 0.3 \\cdot 5.306| = 0.59$ per
step; at $\\eta = 0.42$ it grows by $1.23$ per step, and within a couple of hundred steps the
float32 numbers overflow. The library does not quietly carry on with garbage: \`backward()\` on an
infinite loss, or \`opt.step()\` on a NaN gradient, throws a \`ValueError\` saying what happened.
The widget catches that error and prints it.

**In ML.** A loss that turns into NaN a few hundred steps into training is the classic symptom
of a learning rate past this edge (or of a log of zero). The standard first move is to lower
$\\eta$ by a factor of 3 to 10, and the second is to clip the gradient norm
(\`optim.clipGradNorm\`) so that one bad batch of ECGs cannot throw the weights off the map.
`;

export const schedules = `
No single learning rate is best for a whole run. Early on the weights are far from any good
region and big strides cover ground; late in training they are near a valley floor, where big
strides bounce from wall to wall and small ones settle. A **schedule** makes $\\eta$ a function
of the step number $t$, $\\eta_t$. The four in \`optim.schedule\`:

- **step decay**: multiply by $\\gamma$ every $s$ steps, $\\eta_t = \\eta_0\\, \\gamma^{\\lfloor t/s \\rfloor}$;
- **exponential**: a little every step, $\\eta_t = \\eta_0\\, \\gamma^{t}$;
- **cosine**: half a cosine wave from $\\eta_0$ down to $\\eta_{\\min}$ over $T$ steps,
  $\\eta_t = \\eta_{\\min} + \\tfrac12 (\\eta_0 - \\eta_{\\min})(1 + \\cos \\tfrac{\\pi t}{T})$ — flat at
  the start, steepest in the middle, gentle at the end;
- **warmup + cosine**: a straight ramp up over the first $W$ steps,
  $\\eta_t = \\eta_0 \\frac{t+1}{W}$, then the cosine over the remaining $T - W$.

Why ramp *up* first? At step 0 the weights are random and Adam's running averages are built from
a handful of gradients, so its per-weight step sizes are poorly estimated. Tiny steps for the
first few hundred updates give those estimates time to settle before any big move is taken.

**Worked numbers.** With $\\eta_0 = 10^{-3}$, $W = 100$ and $T = 1000$: $\\eta_t = 10^{-5}$ at the
very first step ($t = 0$), $5.1 \\times 10^{-4}$ at $t = 50$, the full $10^{-3}$ at $t = 99$, exactly half,
$5 \\times 10^{-4}$, at $t = 550$ (the middle of the cosine), and $0$ at $t = 1000$.

**In ML.** The ECG model of this guide's capstone trains with AdamW on a warmup + cosine
schedule, like most transformer models: \`opt.lr = sched.lrAt(step)\` before each update.
`;

export const momentum = `
Plain gradient descent has no memory: each step looks only at the slope right here. In a long,
narrow valley that is a poor guide — the slope points mostly across the valley, so the path
zigzags between the walls and creeps along the floor.

**Momentum** keeps a running *velocity* $v$, a decaying sum of past gradients, and steps along it:

$$v_t = \\beta\\, v_{t-1} + \\nabla L(\\theta_t), \\qquad \\theta_{t+1} = \\theta_t - \\eta\\, v_t .$$

Components of the gradient that keep pointing the same way add up; components that flip sign
from step to step cancel. **Worked numbers:** with $\\beta = 0.9$ and a steady gradient $g$, the
velocity is $g$, then $1.9g$, then $2.71g$, and approaches $g/(1 - \\beta) = 10g$ — ten times the
plain step along a consistent slope — while a gradient that alternates $+g, -g, +g, \\ldots$
leaves a velocity that hovers around $\\pm 0.53g$, roughly half the zigzag.

**Nesterov** momentum evaluates the step one look-ahead along the velocity, which damps the
overshoot a little earlier. In the library these are options of the same optimizer:
\`new optim.SGD(params, { lr, momentum: 0.9, nesterov: true })\`.

On the banana valley below ($L = (1-x)^2 + 10(y - x^2)^2$, minimum at $(1, 1)$), plain SGD at a
learning rate small enough to survive the steep walls is still far from home after 200 steps;
momentum at the same $\\eta$ bends around the curve and arrives.

**In ML.** SGD with momentum 0.9 trained most of the classic image networks, and it is still a
strong choice for convolutional models such as an ECG classifier: the noise of each mini-batch
of 32 recordings partly averages out in the velocity.
`;

export const adam = `
Momentum gives every weight the same learning rate. But weights differ: some sit in steep
directions of the landscape and get huge gradients, some in flat ones and get tiny gradients,
and one global $\\eta$ is either too big for the first or too small for the second.

**RMSprop** fixes the scale: it keeps a running average of each weight's *squared* gradient,
$v_t = \\alpha v_{t-1} + (1-\\alpha) g_t^2$, and divides the step by $\\sqrt{v_t}$. A weight whose
gradients are large and erratic gets a small step; one with small, steady gradients gets a larger
one. **Adam** adds momentum on top, so it keeps two running averages per weight:

$$m_t = \\beta_1 m_{t-1} + (1-\\beta_1)\\, g_t, \\qquad v_t = \\beta_2 v_{t-1} + (1-\\beta_2)\\, g_t^2,$$

$$\\hat m_t = \\frac{m_t}{1 - \\beta_1^{\\,t}}, \\qquad \\hat v_t = \\frac{v_t}{1 - \\beta_2^{\\,t}}, \\qquad
\\theta_{t+1} = \\theta_t - \\eta\\, \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\varepsilon}.$$

The hats are the **bias correction**. Both averages start at 0, so for the first steps they are
too small: after one step $m_1 = 0.1\\,g_1$ and $v_1 = 0.001\\,g_1^2$ (with the usual
$\\beta_1 = 0.9$, $\\beta_2 = 0.999$). Dividing by $1 - 0.9^1 = 0.1$ and $1 - 0.999^1 = 0.001$ brings
them back to $g_1$ and $g_1^2$. **Worked numbers:** in the banana valley from $(-1.5, 2.5)$ the
first gradient in $x$ is $g_1 = 10$, so $m_1 = 1$, $v_1 = 0.1$, $\\hat m_1 = 10$,
$\\hat v_1 = 100$, and the step is $\\eta \\cdot 10 / \\sqrt{100} = \\eta$ exactly: Adam's first
move has length $\\eta$ in each coordinate, however large the gradient. RMSprop has no
correction, so its first step is $\\eta\\, g / \\sqrt{0.01 g^2} = 10\\eta$ — watch its path jump.

Open the *formula* tab and press **Step**: it shows $g_t$, $m_t$, $v_t$, the two correction
factors and the resulting step for the current $t$, read from the optimizer's own state
(\`opt.state(0)\`).

**In ML.** Adam (and AdamW, next section) is the default for transformers and a safe first try
for almost anything, including the ECG model: its per-weight scaling means a filter that only
fires on rare rhythms, and so sees small, infrequent gradients, still learns at a useful pace.
`;

export const weightDecay = `
Weight decay pulls every weight a little toward zero at each step, which keeps the model from
leaning hard on a few large weights. There are two ways to do it, and with Adam they are **not**
the same.

**L2 penalty.** Add $\\tfrac{\\lambda}{2}\\lVert\\theta\\rVert^2$ to the loss. Its gradient is
$\\lambda\\theta$, so the optimizer sees $g + \\lambda\\theta$. With plain SGD that is the whole
story: $\\theta \\leftarrow \\theta - \\eta(g + \\lambda\\theta) = (1 - \\eta\\lambda)\\theta - \\eta g$,
a shrink by the factor $1 - \\eta\\lambda$ and then the usual step. Probabilistically it is a
Gaussian prior centred at zero ([chapter 4](#/ch/4)).

**Decoupled decay (AdamW).** Inside Adam, the $\\lambda\\theta$ term goes through the division by
$\\sqrt{\\hat v}$, so a weight with large gradients has its decay divided by a large number and
barely shrinks, while a weight with small gradients is shrunk hard. AdamW takes the decay out of
the gradient and applies it directly:

$$\\theta \\leftarrow \\theta\\,(1 - \\eta\\lambda) - \\eta\\, \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\varepsilon}, \\qquad \\text{with } m, v \\text{ built from } g \\text{ alone.}$$

Every weight now shrinks by the same factor per step, whatever its gradient history.

**Worked numbers.** On the ravine $L = 10(x-1)^2 + 0.5(y-1)^2$ — steep in $x$, flat in $y$ —
with $\\lambda = 1$, Adam with the L2 penalty settles at the penalised minimum, about
$(0.95, 0.50)$: the steep $x$ barely gives way, the flat $y$ is cut in half. AdamW with the same
$\\lambda$ treats the two alike and ends near $(0.75, 0.75)$. Same $\\lambda$, same learning rate,
different answers; the grey marker is where plain SGD with the L2 penalty settles, computed by the
library.

**In ML.** Loshchilov and Hutter's observation that the two differ is why \`AdamW\` exists and is
the usual choice for transformers and for the ECG model here (\`new optim.AdamW(params, { lr,
weightDecay: 0.01 })\`): the regularisation strength no longer depends on how large each
weight's gradients happen to be.
`;

export const liveTraining = `
Everything in this chapter, together, on a problem that needs a curved answer: three interleaved
spirals of 100 points each (\`data.spirals\`), to be separated by a small network,
$\\operatorname{Linear}(2, 32) \\to \\tanh \\to \\operatorname{Linear}(32, 32) \\to \\tanh \\to
\\operatorname{Linear}(32, 3)$, trained with cross-entropy. Its loss landscape has over a
thousand dimensions and is anything but convex, yet the same few lines of training loop walk
down it.

Training runs in your browser, a few full-batch updates per animation frame, so the page keeps
responding while it works. The shaded regions are the class the network would predict at each
point; watch them bend to follow the arms. Try SGD with momentum against Adam, or a learning rate
of 0.3, and compare the loss curves.

**In ML.** This is the ECG training loop in miniature: swap the spirals for batches of
\`[32, 12, 1000]\` recordings and the MLP for a 1-D CNN, and every line stays the same.
`;

export const lassoPath = `
Swap the squared penalty for the sum of absolute values, $\\lambda\\|w\\|_1$, and something
qualitatively new happens: weights do not just get small, they become **exactly zero**. The reason
is visible in the update. A gradient step on the data term is followed by a *soft threshold*,
$S_t(z) = \\operatorname{sign}(z)\\max(|z| - t,\\,0)$ with $t = \\eta\\lambda$: any weight whose
value lands inside $[-t, t]$ is set to 0, not nudged towards it. That two-part update is called
proximal gradient descent (ISTA). The L2 answer, by contrast, is $w = (G + \\lambda I)^{-1}c$: every
eigen-direction is divided by $\\lambda_i + \\lambda$, so the weights shrink smoothly and reach zero
only as $\\lambda \\to \\infty$.

The widget fits a regression with eight features, of which only three (0, 1 and 4) were used to
make the targets. Slide $\\lambda$ upward and count the zeros under L1: the five useless weights
drop out first, then the real ones one by one, and past $\\lambda = \\max_j |c_j|$ nothing is left.
Under L2 the count stays at 0 for every $\\lambda$.

**In ML.** An L1 penalty does feature selection as a side effect of fitting: on an ECG model with
hundreds of hand-made features it keeps the few that carry signal and switches the rest off.
`;
