/** Chapter 4's prose (our own words; see lib/prose.ts for the markup). */

export const intro = `
A network's last layer hands you numbers such as 0.87. This chapter is about what those numbers
mean and why the losses we train with have the shapes they do. The running example stays the
same: a batch of 32 ECG recordings, 12 leads each, 1000 samples per lead — a tensor of shape
[32, 12, 1000] — and, for each recording, the question *how likely is an arrhythmia, given this
trace?*
`;

export const distributions = `
A **probability distribution** lists everything that could happen and how likely each outcome is.
The probabilities are never negative and, over all outcomes, they add up to exactly 1. A six-sided
die that is not loaded gives each face $1/6$; a detector that says "arrhythmia" for 3 % of
recordings is a distribution over two outcomes, $\\{0.03, 0.97\\}$.

When the outcome is a real number — a voltage, a heart rate — we cannot list every value, so the
distribution is described by a **density** $p(x)$: the probability of landing between $a$ and $b$
is the area under $p$ between them, and the total area is 1. The most used density is the
**Normal** (or Gaussian) bell curve, fixed by a centre $\\mu$ and a spread $\\sigma$:

$$p(x) = \\frac{1}{\\sigma\\sqrt{2\\pi}}\\, \\exp\\!\\Big(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\Big)$$

Its **mean** is $\\mu$ and its **variance** is $\\sigma^2$ (so $\\sigma$, the standard deviation, is in
the same units as $x$). Worked example: for $\\mu = 0$ mV and $\\sigma = 1$ mV the height at the centre
is $1/\\sqrt{2\\pi} \\approx 0.399$ per mV, and one standard deviation away it has dropped to
$0.399 \\cdot e^{-1/2} \\approx 0.242$. About 68 % of the area lies within one $\\sigma$ of the centre,
about 95 % within two.

Libraries work with $\\log p(x)$ rather than $p(x)$: products of many small densities underflow,
while sums of logs stay well behaved. The widget asks the library for \`logProb\` and exponentiates
it to draw the curve. Then it asks for seeded random draws with \`sample\` and stacks them into a
histogram, scaled so that its area is 1 too. With 50 draws the bars are ragged; with 5000 they hug
the curve. That gap between a distribution and a finite sample from it comes back in every section
of this chapter.

Where it shows up in a network: initial weights are drawn from a Normal with a carefully chosen
$\\sigma$ ([weight initialization](#/ch/4/weight-init)), the noise a variational autoencoder adds is
Normal, and the error a regression model makes is usually assumed to be Normal
([MSE](#/ch/4/mse)).
`;

export const softmax = `
A classifier does not answer with a single label. Its final layer produces one raw score per
class — the **logits** $z_1, \\dots, z_K$ — and softmax turns them into a distribution:

$$p_k = \\frac{e^{z_k}}{\\sum_{j=1}^{K} e^{z_j}}$$

Exponentiating makes every score positive; dividing by the total makes them add to 1. Only
differences between logits matter: adding the same constant to all of them leaves $p$ unchanged.
Worked example with three classes and logits $[2, 1, 0.1]$: $e^2 = 7.389$, $e^1 = 2.718$,
$e^{0.1} = 1.105$, total $11.212$, so $p = [0.659, 0.242, 0.099]$.

For our ECGs the five classes are the rhythms of the library's synthetic set: normal sinus rhythm,
atrial fibrillation, premature ventricular contractions (PVC), bradycardia and tachycardia. A row of
the output, shape [5], *is* a categorical distribution: the model's belief about this one
recording. Two numbers summarise how sure the model is: the largest probability, and the
**entropy** $H(p) = -\\sum_k p_k \\log p_k$, which is 0 when all the belief sits on one class and
$\\log 5 \\approx 1.609$ nats when it is spread evenly (more in
[chapter 6](#/ch/6/entropy)). Because it is a distribution we can also *sample* from it; the grey
bars below count 1000 seeded draws, and their shares settle near the probabilities.

## Temperature

Dividing every logit by a positive number $T$ before the softmax, $p = \operatorname{softmax}(z / T)$,
keeps the order of the classes but changes how far apart their probabilities sit. With $T$ below 1
the gaps between logits are stretched, so the top class takes almost everything and the entropy
drops towards 0; above 1 they are squeezed, and the distribution drifts towards uniform, entropy
$\log 5$. For the logits $[2, 1, 0.1]$ of the example, $T = 0.5$ gives $[0.864, 0.117, 0.019]$ and
$T = 2$ gives $[0.502, 0.304, 0.194]$. Language models expose exactly this knob when they sample
text: a low temperature repeats the likeliest word, a high one wanders. Move the temperature slider
and watch the sampled bars follow the probabilities: near $T = 0.05$ every one of the 1000 draws
lands on the largest logit. Hover a symbol in the formula over the bars to read its value.
`;

export const bayes = `
A **conditional probability** $P(A \\mid B)$ is the probability of $A$ once we know that $B$
happened. The classifier's output is exactly such a thing: $P(\\text{arrhythmia} \\mid \\text{this ECG})$.
The order matters. $P(\\text{flagged} \\mid \\text{arrhythmia})$, the detector's **sensitivity**, is
a property of the detector; $P(\\text{arrhythmia} \\mid \\text{flagged})$ is what a doctor reading
the alarm wants to know, and it also depends on how common arrhythmia is.

**Bayes' rule** converts one into the other:

$$P(A \\mid E) = \\frac{P(E \\mid A)\\, P(A)}{P(E)}$$

where the evidence's total probability adds up both ways of seeing it, with and without $A$:

$$P(E) = P(E \\mid A)\\,P(A) + P(E \\mid \\neg A)\\,P(\\neg A)$$

$P(A)$ is the **prior** (belief before the evidence), $P(E \\mid A)$ the **likelihood** of the
evidence, and the result the **posterior**. Worked example: arrhythmia in 1 % of the people
screened, sensitivity 95 %, and a false alarm for 5 % of healthy people. Then
$P(E) = 0.95 \\cdot 0.01 + 0.05 \\cdot 0.99 = 0.059$ and the posterior is $0.0095 / 0.059 \\approx 0.161$.
A positive result from a good detector still means only about one chance in six.

Counting people makes this less surprising. Out of 1000, 10 have arrhythmia and about 10 of them are
flagged; 990 are healthy and about 50 of *those* are flagged as well. The 10 true alarms are swamped
by 50 false ones. This is the **base-rate effect**, and it is why a model trained on a balanced
data set (half arrhythmia) reports probabilities that are far too high when deployed on a
population where the condition is rare: its learned prior is wrong.
`;

export const prior = `
Bayes' rule also applies to the weights themselves. Write $D$ for the training data and $w$ for the
weights:

$$p(w \\mid D) \\;\\propto\\; p(D \\mid w)\\; p(w)$$

The likelihood $p(D \\mid w)$ rewards weights that explain the data; the prior $p(w)$ says which
weights we find plausible before seeing any. Taking $-\\log$ turns the product into a sum, so the
most probable weights minimise *loss + penalty*. If the prior says each weight is Normal around 0
with spread $\\tau$, then $-\\log p(w) = \\sum_j w_j^2 / (2\\tau^2) + \\text{const} = \\tfrac{\\lambda}{2}\\lVert w \\rVert^2 + \\text{const}$
with $\\lambda = 1/\\tau^2$: the penalty is **L2 regularization**. A narrow prior ($\\tau = 0.1$,
$\\lambda = 100$) insists on small weights; a wide one barely constrains them. Weight decay in an
optimizer is this prior applied one step at a time ([chapter 5](#/ch/5/weight-decay)). Dropout can
be read the same way, as a preference for networks that do not rely on any single unit. The widget
under [MSE as a Gaussian likelihood](#/ch/4/mse) computes both sides of this identity for a
live weight. (It writes the penalty as $\lambda w^2$, the form a loss function usually adds; then
$\sigma_p^2 = 1/(2\lambda)$ instead of $1/\lambda$.)
`;

export const expectation = `
Three numbers summarise most distributions we meet.

- The **expectation** (mean) is the probability-weighted average of the outcomes,
  $E[X] = \\sum_i x_i\\, p_i$. For a fair die, $E[X] = (1 + 2 + \\dots + 6)/6 = 3.5$ — a value the die
  never shows, but the long-run average of its throws.
- The **variance** is the expected squared distance from the mean,
  $\\operatorname{Var}[X] = E[(X - E[X])^2]$; for the die it is $35/12 \\approx 2.917$. Its square root,
  the **standard deviation**, is back in the units of $X$.
- The **covariance** of two quantities, $\\operatorname{cov}(X, Y) = E[(X - E[X])(Y - E[Y])]$, is
  positive when they tend to be above their means together and negative when one rises as the other
  falls. Dividing by both standard deviations gives the **correlation**, a pure number between −1
  and 1.

From $n$ measurements we estimate them with averages. The sample mean is $\\bar x = \\frac1n\\sum_i x_i$;
the sample variance divides the squared deviations by $n - 1$, not $n$, because the deviations are
measured from $\\bar x$, which was fitted to the same data and sits slightly too close to it.

The widget applies this to a real recording: MIT-BIH arrhythmia record 208, lead MLII, sampled at
360 Hz in millivolts. A window over a quiet stretch has a small variance; one that contains a
premature ventricular beat — tall and wide — has a much larger one. The second trace is the same
signal shifted by a lag. At lag 0 the correlation is exactly 1. Within a few tens of milliseconds
it falls close to 0, because the sharp QRS spikes no longer line up. For the 3 s window starting at
10 s it climbs back to about 0.35 at a lag of 174 samples (0.48 s), the spacing of neighbouring
beats there; it never returns to 1, because record 208 mixes normal beats with frequent premature
ventricular ones of a different shape. This is autocorrelation, the signal's
similarity to itself, and it is how a heart rate can be read off a trace. A covariance matrix over
many features is what [PCA](#/ch/2/pca) diagonalises.
`;

export const batchNorm = `
Batch normalization is the sample mean and variance used as a layer. For each channel it takes the
values in the current mini-batch, computes $\\mu_B$ and $\\sigma_B^2$, and rescales:

$$\\hat x = \\frac{x - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}, \\qquad y = \\gamma\\, \\hat x + \\beta$$

After the first step the channel has mean 0 and variance 1 within the batch; $\\gamma$ and $\\beta$
are learned so the network can choose a different scale if that helps. Worked example for one
channel with batch values $[2, 4, 6]$: $\\mu_B = 4$, $\\sigma_B^2 = (4 + 0 + 4)/3 = 2.667$ (this layer
divides by $n$), so $\\hat x \\approx [-1.225, 0, 1.225]$.

On our ECG batch of shape [32, 12, 1000], \`nn.BatchNorm1d(12)\` computes one mean and one variance per
lead, each over $32 \\times 1000 = 32\\,000$ numbers. Why it helps: the next layer sees inputs on a
steady scale however the earlier weights drift during training, so a single learning rate suits
every layer. At inference time there is no batch to average over, so the layer uses running
averages of $\\mu_B$ and $\\sigma_B^2$ collected while training — the reason \`model.eval()\` matters.
`;

export const weightInit = `
Before training, every weight is a random draw, and the variance of that draw decides whether a deep
network can learn at all. A neuron adds up $n_\\text{in}$ inputs times weights. If inputs and weights
are independent with mean 0, variances add:

$$\\operatorname{Var}\\Big[\\sum_{i=1}^{n_\\text{in}} w_i x_i\\Big] = n_\\text{in}\\, \\operatorname{Var}[w]\\, \\operatorname{Var}[x]$$

With $\\operatorname{Var}[w] = 1$ and 1000 inputs, the output's variance is 1000 times the input's, and
after a few layers the activations overflow; with weights that are too small they shrink towards 0
and the gradients vanish with them. The fix is to choose $\\operatorname{Var}[w]$ so that the product
is 1:

- **Xavier (Glorot)**: $\\operatorname{Var}[w] = 2 / (n_\\text{in} + n_\\text{out})$, a compromise that
  keeps both the forward signal and the backward gradient steady for tanh-like activations.
- **He (Kaiming)**: $\\operatorname{Var}[w] = 2 / n_\\text{in}$. ReLU zeroes about half its inputs,
  halving the variance, and the 2 puts it back.

Worked example: a layer from 1000 inputs to 256 outputs gets $\\sigma = \\sqrt{2/1000} \\approx 0.0447$
under He and $\\sqrt{2/1256} \\approx 0.0399$ under Xavier. In the library these are
\`nn.init.heNormal\` and \`nn.init.xavierNormal\`; the ECG network's convolutions use He, with
$n_\\text{in}$ = input channels × kernel width.

The widget sends a batch of 64 random inputs through up to 20 layers of 128 ReLU units and
measures the spread after each one. With $\\sigma = 1$ every layer multiplies it by about
$\\sqrt{128/2} = 8$; with $\\sigma = 0.01$ it divides it by about 12; Xavier, tuned for activations
that keep both signs, loses a factor $\\sqrt2$ per ReLU layer; He holds it level.
`;

export const mle = `
We have data and a family of distributions with adjustable parameters. **Maximum likelihood**
picks the parameters under which the data we actually observed is most probable. For independent
observations the probability of all of them is a product, so we maximise its logarithm, the
**log-likelihood**:

$$\\ell(\\theta) = \\sum_{i=1}^{n} \\log p(x_i \\mid \\theta)$$

For a Normal, setting the derivatives of $\\ell$ with respect to $\\mu$ and $\\sigma$ to zero gives a
closed form: $\\hat\\mu$ is the sample mean and $\\hat\\sigma^2$ is the average squared deviation (divided
by $n$). Worked example with three heart rates, 70, 74 and 78 bpm: $\\hat\\mu = 74$ bpm and
$\\hat\\sigma = \\sqrt{(16 + 0 + 16)/3} \\approx 3.27$ bpm. Any other choice makes these three numbers
less probable.

The widget uses 40 resting heart rates drawn by the library with a seed. Try to climb the
log-likelihood with the sliders, then jump to \`prob.fitNormal\`. The two lower curves are slices
of $\\ell$. The first varies $\\mu$ with your $\\sigma$ held fixed, and whatever $\\sigma$ you pick its
peak stays at $\\hat\\mu$. The second varies $\\sigma$ with $\\mu$ held at $\\hat\\mu$, and peaks at
$\\hat\\sigma$. No setting of the sliders scores above $\\ell(\\hat\\mu, \\hat\\sigma)$.

**Training a network is maximum likelihood.** A classifier says $P(\\text{class} \\mid \\text{ECG})$;
the likelihood of the training labels is the product of the probabilities it gave to the right
answers. Maximising its log is minimising
$$-\\frac1N\\sum_{i=1}^{N} \\log p_\\theta(y_i \\mid x_i),$$
which is precisely the **cross-entropy loss**. If the model gave the true rhythm a probability of
0.7, that recording adds $-\\log 0.7 \\approx 0.357$ nats; a confident mistake with probability 0.01
adds 4.6. Cross-entropy is not one loss among many that happens to work: it is the negative
log-likelihood of a categorical output ([chapter 6](#/ch/6/cross-entropy) tells the same story
in terms of information).
`;

export const mse = `
The same argument explains mean squared error. Suppose a regression model predicts a value
$\\hat y_i$ — say, the QT interval of an ECG in milliseconds — and assume the truth scatters around the
prediction as a Normal with a fixed spread $\\sigma$: $y_i \\sim \\mathcal N(\\hat y_i, \\sigma^2)$. The
negative log-likelihood of one target is

$$-\\log p(y_i \\mid \\hat y_i) = \\frac{(y_i - \\hat y_i)^2}{2\\sigma^2} + \\log \\sigma + \\tfrac12 \\log 2\\pi.$$

With $\\sigma$ fixed, the last two terms are constants and the first is the squared error scaled by
$1/(2\\sigma^2)$. Summed over the data set, minimising the negative log-likelihood and minimising

$$\\mathrm{MSE} = \\frac1n \\sum_{i=1}^n (y_i - \\hat y_i)^2$$

lead to the same weights. Worked example: predictions $[400, 410]$ ms against targets
$[404, 402]$ ms give $\\mathrm{MSE} = (16 + 64)/2 = 40$ ms²; with $\\sigma = 10$ ms the average
Gaussian negative log-likelihood is $40/200 + \\log 10 + 0.919 \\approx 3.421$ nats, and any change
of the weights that lowers one lowers the other. Two consequences follow. MSE punishes large misses
heavily because a Normal considers them very unlikely; and when the errors have heavy tails (an
electrode that pops off now and then) a loss built on a heavier-tailed distribution, such as the
absolute error from a Laplace likelihood, is the better match.

## Three losses, three likelihoods, one model

The widget puts each identity next to its loss on a model small enough to see: a line
$s = w x + b$ through ten seeded points. The **regression** row scores $s$ against the targets $y$
with the library's \`loss.mse\` and, beside it, averages \`prob.Normal(s, σ).logProb(y)\`; the two
agree to the last digit once MSE is divided by $2\sigma^2$ and the constant
$\log\sigma + \tfrac12\log 2\pi$ is added. The **classification** row reads the same score as the
logit of class 1 (class 0 has logit 0) and labels a point 1 when its $y$ is above 0.4: the
cross-entropy loss and the categorical negative log-likelihood are the same number. The
**prior** row is the MAP view of the [previous sections](#/ch/4/prior): the L2 penalty
$\lambda w^2$ equals $-\log \mathcal N(w \mid 0, \sigma_p^2)$ with $\sigma_p^2 = 1/(2\lambda)$, apart from
$\tfrac12\log(2\pi\sigma_p^2)$, which does not depend on $w$ and so never moves the minimum.
*Fit w, b by MAP* runs plain gradient descent on
$-\log p(D \mid w, b) - \log p(w)$; raise $\lambda$ (a narrower prior) or $\sigma$ (a data term that
counts for less) and the fitted slope shrinks towards 0. In the lower plot the dashed MAP curve is
the likelihood curve plus a parabola, and its lowest point sits closer to $w = 0$.
`;
