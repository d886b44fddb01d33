/** Chapter 3's prose (our own words; see lib/prose.ts for the markup). */

export const intro = `
Training a network means changing millions of numbers so that a loss goes down. Guessing which
way to change each one would take forever. Calculus removes the guessing: for every weight it
gives a number that says how the loss responds when that weight moves, and in which direction.
This chapter builds that number up from a single slope to the gradient of a whole network.
`;

export const derivatives = `
A **derivative** measures how quickly a function's output changes as its input changes. Take a
point $x$, move a little way $h$ to the right, and compare the rise with the run:

$$f'(x) = \\lim_{h \\to 0} \\frac{f(x + h) - f(x)}{h}$$

As $h$ shrinks, the ratio settles on the slope of the **tangent line**, the straight line that
just touches the curve at $x$.

**A worked example.** For $f(x) = x^2$ the rule is $f'(x) = 2x$, so at $x = 3$ the slope is $6$.
Check it with numbers: $f(3.1) = 9.61$, so the ratio with $h = 0.1$ is $(9.61 - 9)/0.1 = 6.1$.
With $h = 0.001$ it is $6.001$. Each time the step shrinks, the estimate gets closer to 6. In
words: near $x = 3$, a small nudge to $x$ changes $x^2$ by about six times the nudge.

**Why ML cares.** Replace $x$ by one weight $w$ and $f$ by the loss. The derivative then answers
the only question training asks: *if I move this weight a hair, does the error go up or down, and
how fast?* A positive slope says "decrease the weight", a negative one says "increase it". The
third function in the widget is exactly this: a model $\\hat y = w \\cdot 2$ that should output 3,
scored by $(2w - 3)^2$. Its slope is zero at $w = 1.5$, the weight that makes the error vanish.

In the widget the slope is not worked out by a formula: the library records the computation of
$f(x)$ and runs \`y.backward()\`, which leaves $dy/dx$ in \`x.grad\`. Beside it sits the
finite-difference ratio from the definition, with a step $h$ you choose. Notice what happens for
very small $h$: the two values agree to many digits, which is also how libraries test their own
derivatives.
`;

export const gradient = `
A real model has many weights, and its loss depends on all of them at once. A **partial
derivative** freezes every weight but one and asks for the slope along that single direction:
$\\partial L / \\partial w_1$ is how fast $L$ changes when only $w_1$ moves. Collect one partial
derivative per weight and you have the **gradient**:

$$\\nabla L = \\left( \\frac{\\partial L}{\\partial w_1}, \\frac{\\partial L}{\\partial w_2}, \\ldots, \\frac{\\partial L}{\\partial w_n} \\right)$$

It is a vector with as many entries as the model has weights, and it points in the direction in
which the loss rises fastest. Its length says how steep that rise is.

**A worked example.** The widget fits a line $\\hat y = w_1 x + w_2$ to four points by mean
squared error, $L = \\tfrac14 \\sum_i (w_1 x_i + w_2 - y_i)^2$. Differentiating one weight at a
time gives $\\partial L/\\partial w_1 = \\tfrac12 \\sum_i (w_1 x_i + w_2 - y_i)\\,x_i$ and
$\\partial L/\\partial w_2 = \\tfrac12 \\sum_i (w_1 x_i + w_2 - y_i)$. At $(w_1, w_2) = (0.5, -1)$
the errors are $-0.1, -1.3, -1.6, -2.8$, so the gradient is $(-3.55, -2.9)$: both weights are too
small, and the arrow points away from the valley because it always points uphill.

The picture is a map of the loss seen from above: darker bands are higher loss, and each band edge
is a contour along which $L$ is constant. The arrow always crosses the bands at a right angle.
For an ECG classifier the same object has one entry for every filter weight and bias in every
layer — hundreds of thousands of numbers — but it means the same thing: which way, for each
weight, makes P(arrhythmia | this ECG) less wrong.
`;

export const gradientDescent = `
If the gradient points uphill, the way down is the opposite direction. **Gradient descent** takes
a small step that way and repeats:

$$\\mathbf{w} \\leftarrow \\mathbf{w} - \\eta \\, \\nabla L(\\mathbf{w})$$

The **learning rate** $\\eta$ sets the step size. Every training loop, however large, is this
cycle: run the batch forward to get the loss, compute the gradient of the loss with respect to
every weight, move each weight a little against its own entry of the gradient, and start again
with the next batch of 32 ECGs.

**A worked example.** Start at $\\mathbf{w} = (-1.5, 3)$ with $\\eta = 0.1$. There the gradient is
$(-5.55, 3.1)$, so one step moves to $(-1.5 + 0.555,\\ 3 - 0.31) = (-0.945, 2.69)$ and the
loss drops from 12.525 to about 8.87. Keep stepping and the point slides into the valley and
stops at the least-squares line, where the gradient is zero.

Try a larger learning rate in the widget. Up to a point the descent gets faster; past it each step
jumps over the valley to a higher spot on the other side, and the loss grows instead of shrinking.
Choosing that step well is the subject of [chapter 5](#/ch/5).
`;

export const activations = `
Between its matrix products a network applies a nonlinear **activation function** to every number.
Without one, a stack of linear layers would collapse into a single linear layer. The activation's
slope matters as much as its shape, because during training every gradient that flows backward
through a unit is multiplied by that slope.

- **Sigmoid** $\\sigma(x) = 1/(1 + e^{-x})$ squeezes any number into $(0, 1)$, which is why it
  turns a final score into P(arrhythmia). Its slope is $\\sigma(x)(1 - \\sigma(x))$: at most
  $0.25$ (at $x = 0$), and close to zero once $|x|$ passes about 4.
- **tanh** is a stretched sigmoid with outputs in $(-1, 1)$; its slope $1 - \\tanh^2 x$ peaks at 1
  but also dies away in the tails.
- **ReLU** $\\max(0, x)$ has slope exactly 1 for every positive input and 0 for negative ones. It
  does not shrink the signal it lets through.
- **GELU** is a smooth ReLU used in transformers; its slope is close to 1 for large positive
  inputs and near 0 for large negative ones.

**A worked example.** At $x = 2$, $\\sigma(2) \\approx 0.881$ and its slope is
$0.881 \\times 0.119 \\approx 0.105$; ReLU's slope there is 1. A gradient passing back through ten
sigmoid units at that point is scaled by roughly $0.105^{10} \\approx 10^{-10}$; through ten
active ReLUs it is scaled by 1. Keep that contrast in mind for the section on
[vanishing gradients](#/ch/3/vanishing-gradients).
`;

export const chainRule = `
Networks are built by feeding one function into the next, so we need the slope of a composition.
The **chain rule** says the slopes multiply. If $u = g(x)$ and $y = f(u)$, then

$$\\frac{dy}{dx} = \\frac{dy}{du} \\cdot \\frac{du}{dx} = f'(g(x)) \\cdot g'(x)$$

One way to see it: a small change in $x$ is amplified by $g'(x)$ on its way into $u$, and that
change in $u$ is amplified again by $f'(u)$ on its way into $y$.

**A worked example.** Let $y = \\sin(x^2)$ at $x = 1.5$. The inner function gives
$u = 2.25$ with local slope $du/dx = 2x = 3$. The outer function has local slope
$dy/du = \\cos(2.25) \\approx -0.628$. Multiply: $dy/dx \\approx 3 \\times (-0.628) = -1.885$.

Nothing limits the chain to two links. With $n$ functions in a row, the derivative of the end with
respect to the start is a product of $n$ local slopes. A deep network is such a chain — layer,
activation, layer, activation, … loss — and that product is exactly what the next section computes.
In the widget, each box is computed separately by the library, and the product is compared with
autograd's derivative of the whole composition.
`;

export const backpropagation = `
**Backpropagation** is the chain rule organised for a network. First the **forward pass** computes
every intermediate value from the inputs to the loss and keeps them. Then the **backward pass**
starts from $\\partial L/\\partial L = 1$ and walks the same steps in reverse: each node receives
the gradient of the loss with respect to its output, multiplies it by its own local slope, and
hands the result to the nodes it was computed from.

Take one neuron with a squared-error loss:

$$z = w x + b, \\qquad a = \\sigma(z), \\qquad L = (a - y)^2$$

**A worked example** with $w = 0.8$, $x = 1.5$, $b = -0.3$, $y = 1$. Forward: $z = 0.9$,
$a = \\sigma(0.9) \\approx 0.711$, $L \\approx (0.711 - 1)^2 \\approx 0.0835$. Backward:
$\\partial L/\\partial a = 2(a - y) \\approx -0.578$; through the sigmoid,
$\\partial L/\\partial z \\approx -0.578 \\times 0.711 \\times 0.289 \\approx -0.119$; then
$\\partial L/\\partial w = \\partial L/\\partial z \\cdot x \\approx -0.178$ and
$\\partial L/\\partial b = \\partial L/\\partial z \\approx -0.119$. Both gradients are negative,
so increasing $w$ and $b$ lowers the loss — as it should, since the neuron's output is below its
target.

The payoff is speed. Each node's gradient is computed once and reused by everything upstream, so
one backward pass costs about as much as one forward pass, no matter how many weights there are.
The widget draws the graph the library actually recorded: the nodes, values and gradients are
read from \`graph(loss)\` after \`loss.backward()\`. Step through it, then press *Update* to take
one gradient-descent step and watch the loss fall.
`;

export const vanishing = `
The chain rule turns the gradient at the first layer into a product with one factor per layer.
If those factors are usually smaller than one, the product shrinks geometrically: 0.25 multiplied
by itself 20 times is already about $10^{-12}$. The first layers then get almost no gradient and
barely learn, while the last layers train normally. This is the **vanishing-gradient problem**,
and sigmoid is the classic cause, since its slope never exceeds $0.25$.

$$\\frac{\\partial L}{\\partial \\mathbf{h}_0} = \\frac{\\partial L}{\\partial \\mathbf{h}_n} \\prod_{\\ell = 1}^{n} \\frac{\\partial \\mathbf{h}_\\ell}{\\partial \\mathbf{h}_{\\ell - 1}}$$

Two fixes changed deep learning:

- **ReLU with He initialisation.** ReLU's slope is exactly 1 wherever the unit is active, and
  drawing each weight with variance $2/\\text{fan-in}$ keeps the size of the signal, and of the
  gradient, roughly constant from layer to layer ([chapter 2](#/ch/2) has the variance argument).
- **Residual (skip) connections.** A block computes $\\mathbf{h} + f(\\mathbf{h})$ instead of
  $f(\\mathbf{h})$. Its derivative is $I + \\partial f/\\partial \\mathbf{h}$: the identity term
  gives the gradient a path that skips every multiplication, so it cannot fade away. This is the
  idea behind ResNets, and every transformer layer uses it too.

The widget builds the stack from the library's layers and runs one real backward pass; the
activation, the initialisation and the skip connections are separate switches, so you can test
each claim on its own. Some things to try:

- **sigmoid, default init, no skips**: the first layer's gradient falls by many orders of
  magnitude as the depth grows.
- **ReLU with He init**: the line stays roughly level. ReLU with the *small* initialisation shows
  the other half of the story: every layer's gradient is tiny, because the signal shrinks on the
  way in as much as the gradient does on the way back.
- **tanh with Xavier init**: tanh's slope is 1 near zero, and Xavier's variance $2/(\\text{fan-in} + \\text{fan-out})$
  is chosen for it, so this stack also keeps its gradient.
- **skip connections on**, with any activation: the identity path keeps the first layer learning.
  With ReLU and He init the skips make the norms *grow* with depth instead, since each block now
  adds its variance to the signal: too much gradient is a problem too (exploding gradients).

A 1-D CNN that reads 12-lead ECGs with dozens of layers is trainable for exactly these reasons.
`;

export const autodiff = `
Nobody writes the derivative of a real network by hand. **Automatic differentiation** does it
mechanically. During the forward pass every operation on a tensor that needs a gradient is
recorded, together with a reference to its inputs and a small function that knows that
operation's local derivative. The result is a graph of the whole computation. Calling
\`loss.backward()\` sorts that graph so each node comes after everything it depends on, then visits
it in reverse, applying the chain rule at every node and adding up gradients where a value was
used more than once.

This is not numerical approximation (finite differences) and not symbolic algebra (rewriting
formulas): the derivatives are exact up to floating-point rounding, and the cost is a small
constant times the forward pass. The library in this guide does it the same way PyTorch does;
open the *source* tab of any widget above to read \`backward\`, or run the cell below, which
builds a tiny graph, prints each node the library recorded, and checks the gradients against
finite differences with \`gradcheck\`.
`;

export const tensorGraph = `
The one-neuron graph above had a single number in every node. A real network moves a whole
**batch** at once, and every node holds a tensor. Below, $B$ examples with three features each go
through a hidden layer of width $H$ and a two-class output, and the loss is the batch's mean
cross-entropy. The library records the same kind of graph as before, just with tensors in it:

$$z_1 = XW_1 + b_1, \\quad h = \\operatorname{act}(z_1), \\quad z_2 = hW_2 + b_2, \\quad L = \\operatorname{CE}(z_2, y)$$

Every box is one node of \`graph(L)\` after \`L.backward()\`: the op that made it, its shape, its
first entries, and $\\lVert \\partial L / \\partial \\text{node} \\rVert$, the size of the gradient
that reached it. A few things to look for:

- **Shapes follow the batch.** Change $B$: every activation's first dimension changes with it,
  while $W_1$, $b_1$, $W_2$, $b_2$ keep theirs. A parameter's gradient always has the parameter's
  shape, because backward sums the contributions of all $B$ examples.
- **A bias is broadcast, so its gradient is a sum.** $b_1$ has shape $[H]$ but is added to every
  row of $XW_1$; its gradient is the column sum of $\\partial L / \\partial z_1$.
- **The data gets no gradient.** $X$ is an input, not a parameter, so autograd keeps nothing for it,
  and the integer labels $y$ are not even a node.
- **The activation gates the gradient.** With ReLU, hidden units that are negative for every
  example pass back exactly zero; sigmoid shrinks what passes by at least a factor of four.

The gradient leaving the loss is simple: $\\partial L / \\partial z_2 = (\\operatorname{softmax}(z_2) - \\operatorname{onehot}(y)) / B$,
the predicted probabilities minus the truth, averaged over the batch.
`;

export const gradcheckText = `
How do you know a backward function is right? Compare it with the definition of the derivative.
For each entry $x_i$, nudge it by a small step $\\varepsilon$ both ways and take the slope of the
secant, the **central difference**:

$$\\frac{\\partial L}{\\partial x_i} \\approx \\frac{L(x + \\varepsilon e_i) - L(x - \\varepsilon e_i)}{2\\varepsilon}$$

It needs two forward passes per entry, far too slow for training, but fine as a test. The
library's \`gradcheck(f, [x], { eps })\` does exactly this for every entry and reports the worst one;
the widget shows the whole table. The interesting control is $\\varepsilon$ itself, because the
difference has two sources of error pulling in opposite directions:

- **Too large**: the secant is not the tangent. The central difference's error shrinks like
  $\\varepsilon^2$ (the odd terms of the Taylor series cancel), so at $\\varepsilon = 0.1$ on a curved
  function you see errors around $10^{-3}$. Pick *log near 0*, where the curve is steep, to see
  gradcheck fail outright.
- **Too small**: $L(x + \\varepsilon e_i)$ and $L(x - \\varepsilon e_i)$ agree in almost every digit,
  and float64 keeps only about 16. Subtracting them leaves rounding noise, which is then divided
  by $2\\varepsilon$, so the error grows like $1/\\varepsilon$.

The sweep plots both at once: a V, with its floor near $\\varepsilon \\approx 10^{-5}$. The matmul
is linear in $x$, so it has no truncation error at all and only the rounding side shows. This is
why gradcheck works in float64: in float32, with about 7 digits, the floor of the V is too high
to tell a small bug from noise.
`;
