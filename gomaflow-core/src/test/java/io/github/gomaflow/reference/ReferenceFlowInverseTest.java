package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.prior.Prior;
import java.util.List;
import org.junit.jupiter.api.Test;

/** inverse∘forward = identity (and forward∘inverse), with a map that really moves z. */
class ReferenceFlowInverseTest {
    static final double TOLERANCE = 1e-10;
    static final int BATCH = 3;

    static void roundTrip(Lattice lattice, ModelParams spec, long seed) {
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, 2.5, seed));
        double[] z = FlowFixtures.normalSample(lattice, BATCH, seed);
        double[] phi = new double[z.length];
        double[] logDet = new double[BATCH];
        flow.forward(z, BATCH, phi, logDet);
        double[] back = new double[z.length];
        double[] logDetInverse = new double[BATCH];
        flow.inverse(phi, BATCH, back, logDetInverse);

        double moved = 0;
        double err = 0;
        for (int i = 0; i < z.length; i++) {
            moved = Math.max(moved, Math.abs(phi[i] - z[i]));
            err = Math.max(err, Math.abs(back[i] - z[i]) / Math.max(1.0, Math.abs(z[i])));
        }
        assertTrue(moved > 0.1, "the flow hardly moved z: max |φ − z| = " + moved);
        assertTrue(err <= TOLERANCE, "inverse∘forward differs from identity by " + err);
        for (int b = 0; b < BATCH; b++) {
            assertTrue(Math.abs(logDet[b]) > 0.1, "log-det too small to test: " + logDet[b]);
            assertEquals(logDet[b], logDetInverse[b], TOLERANCE * Math.max(1, Math.abs(logDet[b])));
        }
        // and the other way round, from a configuration that is not the image of a prior sample
        double[] phi2 = FlowFixtures.normalSample(lattice, BATCH, seed + 100);
        double[] z2 = new double[z.length];
        flow.inverse(phi2, BATCH, z2, logDetInverse);
        double[] phi2Again = new double[z.length];
        flow.forward(z2, BATCH, phi2Again, logDet);
        for (int i = 0; i < z.length; i++) assertEquals(phi2[i], phi2Again[i], TOLERANCE * Math.max(1, Math.abs(phi2[i])));
        for (int b = 0; b < BATCH; b++) assertEquals(logDet[b], logDetInverse[b], TOLERANCE * Math.max(1, Math.abs(logDet[b])));
    }

    @Test void square2d() { roundTrip(new Lattice(4, 4), FlowFixtures.spec(4, List.of(8, 8), 3, true, false), 11); }

    @Test void cubic3dLeakyFinal() { roundTrip(new Lattice(4, 4, 4), FlowFixtures.spec(3, List.of(4), 3, false, false), 12); }

    @Test void nonSquareAndFourDimensions() {
        roundTrip(new Lattice(4, 6), FlowFixtures.spec(5, List.of(4, 4), 3, true, false), 13);
        roundTrip(new Lattice(2, 4, 2, 4), FlowFixtures.spec(2, List.of(2), 3, true, false), 14);
        roundTrip(new Lattice(6), FlowFixtures.spec(2, List.of(3, 3), 5, true, false), 15);
    }

    @Test void initialisedModelIsInvertibleToo() {
        Lattice lattice = new Lattice(8, 8);
        ReferenceFlow flow = ReferenceFlow.initialized(lattice, FlowFixtures.spec(16, List.of(8, 8), 3, true, false));
        double[] z = FlowFixtures.normalSample(lattice, 2, 16);
        double[] phi = new double[z.length];
        double[] back = new double[z.length];
        double[] ld = new double[2];
        flow.forward(z, 2, phi, ld);
        flow.inverse(phi, 2, back, ld);
        for (int i = 0; i < z.length; i++) assertEquals(z[i], back[i], TOLERANCE);
    }

    /** log q via the inverse equals log q of the forward sample; and for the identity flow it is log r. */
    @Test void densityOfGivenConfigurations() {
        Prior normal = new Prior() {
            @Override public double logDensity(double x) { return -0.5 * x * x - 0.5 * Math.log(2 * Math.PI); }
            @Override public void sample(java.util.random.RandomGenerator rng, float[] z, int n) {
                throw new UnsupportedOperationException();
            }
        };
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = FlowFixtures.spec(4, List.of(4, 4), 3, true, false);
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, 2.5, 17));
        double[] z = FlowFixtures.normalSample(lattice, BATCH, 17);
        double[] phi = new double[z.length];
        double[] logQForward = new double[BATCH];
        double[] logQ = new double[BATCH];
        flow.forwardLogQ(z, BATCH, normal, phi, logQForward);
        flow.logQ(phi, BATCH, normal, logQ);
        assertArrayEquals(logQForward, logQ, 1e-10);

        ReferenceFlow identity = new ReferenceFlow(lattice, spec, new double[flow.layout().parameterCount()]);
        identity.logQ(z, BATCH, normal, logQ);
        for (int b = 0; b < BATCH; b++) {
            double logR = 0;
            for (int site = 0; site < lattice.volume(); site++) {
                double x = z[site * BATCH + b];
                logR += -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);
            }
            assertEquals(logR, logQ[b], 1e-12);
            assertTrue(Math.abs(logR - logQForward[b]) > 0.1, "the flow should change the density");
        }
    }
}
