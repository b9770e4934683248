package io.github.gomaflow.config;

import java.util.List;

/**
 * The one source of truth for every default of the configuration. Unless noted, the values are
 * GomalizingFlow's ({@code src/parameters.jl}: {@code TrainingParams}, {@code ModelParams}); the
 * {@code [physical]} keys {@code L}, {@code Nd} (or {@code lattice_shape}), {@code M2} and {@code lam}
 * have no default and are required, as in GomalizingFlow.
 */
public final class Defaults {
    private Defaults() {}

    /** {@code config.version}. */
    public static final String VERSION = "0.1.0";
    /** {@code device.device_id}: −1 = CPU. */
    public static final int DEVICE_ID = -1;

    /** {@code training.seed}. */
    public static final long TRAINING_SEED = 12345;
    /** {@code training.batchsize}. */
    public static final int BATCHSIZE = 64;
    /** {@code training.epochs}. */
    public static final int EPOCHS = 40;
    /** {@code training.iterations} (steps per epoch). */
    public static final int ITERATIONS = 100;
    /** {@code training.base_lr}. */
    public static final double BASE_LR = 1e-3;
    /** {@code training.pretrained}: none. */
    public static final String PRETRAINED = "";
    /** Extension {@code training.ess_samples}: fresh samples for the per-epoch ESS. */
    public static final int ESS_SAMPLES = 1024;
    /** Extension {@code training.nsamples}: proposals of the per-epoch Metropolis chain. */
    public static final int NSAMPLES = 8192;
    /** Extension {@code training.skip_nonfinite}: by default a NaN/Inf loss or gradient stops training. */
    public static final boolean SKIP_NONFINITE = false;

    /** Flux's Adam/AdamW β₁. */
    public static final double BETA1 = 0.9;
    /** Flux's Adam/AdamW β₂. */
    public static final double BETA2 = 0.999;
    /** Flux's Adam/AdamW ε. */
    public static final double EPSILON = 1e-8;
    /** Flux's AdamW decoupled weight decay: 0, i.e. plain Adam unless a decay is given. */
    public static final double ADAMW_DECAY = 0.0;

    /**
     * Interval [xmin, xmax] of a {@code Potential} prior when the string gives none: GomalizingFlow's
     * {@code PotentialDistributions.Potential} default [−2, 2]. Only the tails beyond |x| = 2 are cut, which
     * carry weight exp(−(4m² + 16λ)) relative to the peak: negligible for the shipped parameter sets.
     */
    public static final double POTENTIAL_XMIN = -2.0;
    /** See {@link #POTENTIAL_XMIN}. */
    public static final double POTENTIAL_XMAX = 2.0;

    /** {@code model.seed}. */
    public static final long MODEL_SEED = 2021;
    /** {@code model.n_layers}. */
    public static final int N_LAYERS = 16;
    /** {@code model.hidden_sizes}. */
    public static final List<Integer> HIDDEN_SIZES = List.of(8, 8);
    /** {@code model.kernel_size}. */
    public static final int KERNEL_SIZE = 3;
    /** {@code model.inC}: one real field per site. */
    public static final int IN_C = 1;
    /** {@code model.outC}: the coupling's s and t. */
    public static final int OUT_C = 2;
    /** {@code model.use_final_tanh}. */
    public static final boolean USE_FINAL_TANH = true;
    /** {@code model.use_bn}. */
    public static final boolean USE_BN = false;
    /** {@code model.fourier_base} (ours): no Fourier base layer, GomalizingFlow's model. */
    public static final boolean FOURIER_BASE = false;
    /** {@code model.z2_equivariant} (gomaflow extension): GomalizingFlow's couplings. */
    public static final boolean Z2_EQUIVARIANT = false;

    /** {@code training.opt}: Adam with Flux's defaults. */
    public static OptimizerSpec optimizer() { return new OptimizerSpec.Adam(BETA1, BETA2, EPSILON); }

    /** {@code training.prior}: N(0, 1) per site. */
    public static PriorSpec prior() { return new PriorSpec.Normal(0.0, 1.0); }

    /** {@code training.lr_scheduler = ""}: constant learning rate. */
    public static ScheduleSpec schedule() { return new ScheduleSpec.Constant(); }

    /** The default {@code [device]}: CPU. */
    public static DeviceParams device() { return new DeviceParams(DEVICE_ID); }

    /** The whole default {@code [training]} section. */
    public static TrainingParams training() {
        return new TrainingParams(TRAINING_SEED, BATCHSIZE, EPOCHS, ITERATIONS, BASE_LR, optimizer(), prior(),
                schedule(), PRETRAINED, ESS_SAMPLES, NSAMPLES, SKIP_NONFINITE);
    }

    /** {@code model.combinational_conv}: full convolutions. */
    public static final String COMBINATIONAL_CONV = "";
    /** The whole default {@code [model]} section. */
    public static ModelParams model() {
        return new ModelParams(MODEL_SEED, N_LAYERS, HIDDEN_SIZES, KERNEL_SIZE, IN_C, OUT_C, USE_FINAL_TANH, USE_BN);
    }
}
