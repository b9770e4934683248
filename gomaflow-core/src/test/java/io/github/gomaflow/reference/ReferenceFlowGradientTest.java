package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks (double precision, every parameter) of the hand-written backward pass
 * of {@link ReferenceFlow#lossAndGradient}, on the broken-phase action m² = −4, λ = 8.
 */
class ReferenceFlowGradientTest {
    static final double TOLERANCE = 1e-6;
    static final double STEP = 1e-3;
    static final int BATCH = 2;
    /** Weights this many times the PyTorch init bound: far from the identity map. */
    static final double SCALE = 1.5;

    static GradientCheck.Result check(Lattice lattice, ModelParams spec, long seed) {
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, SCALE, seed));
        double[] z = FlowFixtures.normalSample(lattice, BATCH, seed);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        GradientCheck.Result r = GradientCheck.parameters(flow, z, BATCH, action, STEP);
        System.out.printf("FD %s %s: max rel err %.3e at %d (analytic %.6e, numeric %.6e), %d params, %d retries%n",
                lattice, spec, r.maxRelError(), r.worstIndex(), r.analytic(), r.numeric(), r.checked(), r.retried());
        assertEquals(flow.parameterCount(), r.checked());
        assertTrue(r.maxRelError() <= TOLERANCE, () -> "max relative error " + r);
        return r;
    }

    @Test void square2dDefaultHiddenSizesWithTanh() {
        GradientCheck.Result r = check(new Lattice(4, 4), FlowFixtures.spec(2, List.of(8, 8), 3, true, false), 1);
        assertTrue(r.checked() >= 2 * (8 * 9 + 8 + 8 * 8 * 9 + 8 + 2 * 8 * 9 + 2));
    }

    @Test void square2dLeakyFinal() {
        check(new Lattice(4, 4), FlowFixtures.spec(3, List.of(4, 4), 3, false, false), 2);
    }

    @Test void cubic3dWithTanh() {
        GradientCheck.Result r = check(new Lattice(4, 4, 4), FlowFixtures.spec(2, List.of(4, 4), 3, true, false), 3);
        assertTrue(r.checked() >= 2 * (4 * 27 + 4 + 16 * 27 + 4 + 8 * 27 + 2));
    }

    @Test void cubic3dLeakyFinal() {
        check(new Lattice(4, 4, 4), FlowFixtures.spec(2, List.of(4), 3, false, false), 4);
    }

    @Test void nonSquare4x6BothFinalActivations() {
        check(new Lattice(4, 6), FlowFixtures.spec(2, List.of(4, 4), 3, true, false), 5);
        check(new Lattice(4, 6), FlowFixtures.spec(2, List.of(4, 4), 3, false, false), 6);
    }

    @Test void kernelFiveAndOneDimension() {
        check(new Lattice(6, 4), FlowFixtures.spec(2, List.of(3), 5, true, false), 7);
        check(new Lattice(8), FlowFixtures.spec(2, List.of(4, 4), 3, true, false), 8);
    }

    @Test void gradientWithRespectToInput() {
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = FlowFixtures.spec(3, List.of(4, 4), 3, true, false);
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, SCALE, 9));
        double[] z = FlowFixtures.normalSample(lattice, BATCH, 9);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        GradientCheck.Result r = GradientCheck.input(flow, z, BATCH, action, STEP);
        System.out.printf("FD dL/dz %s: max rel err %.3e over %d inputs, %d retries%n",
                lattice, r.maxRelError(), r.checked(), r.retried());
        assertEquals(lattice.volume() * BATCH, r.checked());
        assertTrue(r.maxRelError() <= TOLERANCE, () -> "max relative error " + r);
    }
}
