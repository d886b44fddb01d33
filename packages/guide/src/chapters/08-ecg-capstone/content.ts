/** The capstone's prose, in our own words (lib/prose.ts Markdown subset). */

export const intro = `
Seven chapters took the pieces apart one at a time. This one puts them back together in a
single working classifier: it reads a 12-lead electrocardiogram and answers with a probability
for each rhythm. Every row of [the map](#/ch/7) has a concrete job somewhere below, and every
number on this page comes from the library running in your browser — the network even trains
here, in a background thread, while you keep scrolling.
`;

export const dataText = `
An ECG is a set of voltages sampled over time. A clinical 12-lead recording is therefore a matrix:
12 rows (the leads, each a different viewing angle on the heart's electrical axis) by however many
samples the recording lasts. A batch of them is the rank-3 tensor $[N, 12, L]$ that the first
chapters kept returning to.

Below, on the left, is a real recording: five minutes of lead MLII from record 208 of the MIT-BIH
Arrhythmia Database, sampled 360 times a second. Real data is scarce and comes without the labels
we want, so the training set is drawn instead from a **synthetic generator**: a dynamical model of
the heart's electrical vector (McSharry and colleagues, 2003) projected onto the twelve standard
leads, with baseline wander and muscle noise added. The generator knows five rhythms, and each
changes the model the way the physiology does: atrial fibrillation (*afib*) makes the
beat-to-beat interval irregular and removes the P wave, bradycardia (*brady*) slows the rate
below 60 beats a minute, tachycardia (*tachy*) speeds it past 100, and a premature ventricular
contraction (*pvc*) drops in one or two early, wide beats.

**The network on this page learns three of the five: normal, afib and brady.** The reason is the
budget of a browser tab: 180 training ECGs and 15 epochs finish in about a minute, and split
three ways that is about 60 examples per class; split five ways it would be about 36, and the hardest class,
a PVC that shows as one odd beat in four seconds, needs more than that. The selector still offers
all five so you can see what was left out; the command line's \`groundup train --task ecg\`
learns all five from a larger set.

**Shapes.** The plot draws 4 seconds at 250 samples a second, a tensor $[1, 12, 1000]$. The
network reads the same 4 seconds at 125 Hz: every second sample, $[1, 12, 500]$ (its training
ECGs are generated at that rate directly). Halving the rate halves the work of every layer, and
125 Hz still puts about a dozen samples across a QRS complex, which lasts around 0.1 s; nothing is
cropped. Pick a class and a lead to see what the network will have to tell apart.
`;

export const modelText = `
The network reads the signal in two stages. First a **convolutional stem** looks at short windows:
each output channel is one small filter slid along time, a dot product at every position, so the
same QRS detector fires wherever the beat falls. Batch normalisation keeps each channel's values
centred and scaled across the batch, GELU bends them, and max-pooling keeps the strongest response
in each window, shrinking 500 samples to 62 steps.

Those 62 steps become **tokens**, one vector per moment of the recording. A sinusoidal positional
encoding is added so that order survives the next layer, a **self-attention** block in which every
moment scores every other ($QK^\\top/\\sqrt d$, a softmax per row) and mixes in what it finds relevant
— useful for rhythm, which is about the spacing between beats rather than any single beat. The
block is residual, $x + f(x)$, with a layer norm in front and dropout behind. Averaging the tokens
over time gives one vector per ECG, and a dense layer turns it into three scores, one per rhythm
it learns (normal, afib, brady); a softmax turns the scores into probabilities.

The table lists every step with the shape of its output for one ECG. The link in the *map row*
column goes to the section that explains the math; the file goes to the library code that runs it.
`;

export const trainingText = `
Training uses the rest of the map. The loss is **cross-entropy** with *label smoothing* (each
target puts 0.9 on the true class and shares the remaining 0.1 out), so the network is never pushed to
infinite confidence. **Backpropagation** gets the gradient of that loss for all the weights in one
backward sweep; its length is clipped to 1 so a bad batch cannot throw the weights far.
**AdamW** then moves each weight with its own step size, and shrinks it a little toward zero
(decoupled **weight decay**). The learning rate follows a **schedule**: a short linear warmup, then a
cosine decay. The convolutions start from **He initialisation**, variance $2/\\text{fan-in}$, so the
first forward pass neither explodes nor fades. And every mini-batch is **augmented** before it is
used: a little Gaussian noise, a random amplitude scale per record, a random circular time shift —
new ECGs for free, which teaches the network that none of those changes alter the rhythm.

The loop runs in a Web Worker, so the page stays responsive: the worker posts the step, the loss
and the learning rate after every update, and the weights after every epoch. One epoch here is 11
mini-batches of 16 ECGs.
`;

export const resultText = `
After each epoch the worker sends its weights (a safetensors file, the same format PyTorch reads)
and the page loads them into its own copy of the network, in evaluation mode: dropout off, batch
norm using its running averages. The confusion matrix counts, over 60 ECGs the network never
trained on, how often each true class was given each label.

Pick one of those test ECGs to see the network's answer: $P(\\text{class} \\mid \\text{this ECG})$,
the softmax of its three scores. The strip under the signal shows where attention went: for each of
the 62 time steps, the attention weight it received, averaged over heads and over the positions
asking. A trained network tends to look at the beats — the spikes — and at the gaps between them.
`;
