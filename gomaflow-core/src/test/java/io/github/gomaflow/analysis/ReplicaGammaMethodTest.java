package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplicaGammaMethodTest {
    private static double[][] ar1Replicas(double a, int[] lengths, long seed) {
        double[][] x = new double[lengths.length][];
        for (int r = 0; r < lengths.length; r++) x[r] = GammaMethodTest.ar1(a, lengths[r], seed * 1000 + r);
        return x;
    }

    @Test void oneReplicaIsTheSingleChainGammaMethod() {
        double[] x = GammaMethodTest.ar1(0.8, 20_000, 5);
        GammaEstimate single = GammaMethod.estimate(x, x.length, GammaMethod.DEFAULT_S);
        ReplicaGammaMethod.Result rep = ReplicaGammaMethod.estimate(new double[][] {x}, new int[] {x.length}, GammaMethod.DEFAULT_S);
        assertEquals(single.value(), rep.combined().value(), 1e-14);
        assertEquals(single.error(), rep.combined().error(), 1e-12 * single.error());
        assertEquals(single.tauInt(), rep.combined().tauInt(), 1e-10);
        assertEquals(single.window(), rep.combined().window());
        assertTrue(Double.isNaN(rep.qValue()), "no agreement test for one replica");
    }

    @Test void lagSumsEqualDirectSumsAroundTheCommonMean() {
        double[][] x = ar1Replicas(0.3, new int[] {17, 40, 23}, 3);
        int[] n = {17, 40, 23};
        double centre = 0.123;
        int tMax = 8;
        double[] fft = new double[tMax + 1];
        for (int r = 0; r < 3; r++) ReplicaGammaMethod.addLagProducts(x[r], n[r], centre, tMax, fft);
        for (int t = 0; t <= tMax; t++) {
            double direct = 0;
            for (int r = 0; r < 3; r++) {
                for (int i = 0; i + t < n[r]; i++) direct += (x[r][i] - centre) * (x[r][i + t] - centre);
            }
            assertEquals(direct, fft[t], 1e-10 * (1 + Math.abs(direct)), "t=" + t);
        }
    }

    @Test void meanIsWeightedByReplicaLength() {
        double[][] x = {{1, 1, 1}, {4}};
        ReplicaGammaMethod.Result rep = ReplicaGammaMethod.estimate(x, new int[] {3, 1}, GammaMethod.DEFAULT_S);
        assertEquals((3 * 1 + 4) / 4.0, rep.combined().value(), 1e-15);
        assertEquals(1.0, rep.replicaMeans()[0]);
        assertEquals(4.0, rep.replicaMeans()[1]);
    }

    @Test void recoversTauIntAndHonestErrorsOfEightAr1Chains() {
        // K = 8 chains of an AR(1) process, a = 0.9: τ_int = (1+a)/(2(1−a)) = 9.5, unit variance.
        double a = 0.9, tauTrue = (1 + a) / (2 * (1 - a));
        int[] lengths = {30_000, 20_000, 25_000, 30_000, 15_000, 30_000, 20_000, 30_000};
        ReplicaGammaMethod.Result rep = ReplicaGammaMethod.estimate(ar1Replicas(a, lengths, 11), lengths, GammaMethod.DEFAULT_S);
        GammaEstimate e = rep.combined();
        assertEquals(tauTrue, e.tauInt(), 3 * e.tauIntError(), "τ_int");
        int n = 200_000;
        double errTrue = Math.sqrt(2 * tauTrue / n);
        assertEquals(errTrue, e.error(), 3 * errTrue * e.tauIntError() / (2 * e.tauInt()), "σ(mean)");
        assertEquals(0.0, e.value(), 4 * e.error());
    }

    @Test void pullsOfReplicaEstimatesHaveUnitVariance() {
        // 300 independent sets of 4 replicas (a = 0.7, τ = 2.83): pulls ā/σ(ā) of unit variance within
        // 3σ of the sample variance (σ = sqrt(2/299)); replica χ² Q-values ~ uniform: P(Q < 0.05) = 0.05 ± 3σ.
        int sets = 300;
        int[] lengths = {1500, 1000, 1500, 2000};
        double sumPull2 = 0;
        int small = 0;
        for (int s = 0; s < sets; s++) {
            ReplicaGammaMethod.Result rep = ReplicaGammaMethod.estimate(ar1Replicas(0.7, lengths, 100 + s), lengths, GammaMethod.DEFAULT_S);
            double pull = rep.combined().value() / rep.combined().error();
            sumPull2 += pull * pull;
            if (rep.qValue() < 0.05) small++;
        }
        assertEquals(1.0, sumPull2 / sets, 3 * Math.sqrt(2.0 / (sets - 1)), "pull variance");
        assertEquals(0.05 * sets, small, 3 * Math.sqrt(sets * 0.05 * 0.95), "fraction of Q < 0.05");
    }

    @Test void aShiftedReplicaFailsTheAgreementTest() {
        int[] lengths = {5000, 5000, 5000};
        double[][] x = ar1Replicas(0.5, lengths, 21);
        for (int i = 0; i < lengths[2]; i++) x[2][i] += 0.5;   // ~ 10 σ of one replica's mean
        ReplicaGammaMethod.Result rep = ReplicaGammaMethod.estimate(x, lengths, GammaMethod.DEFAULT_S);
        assertTrue(rep.qValue() < 1e-6, "Q " + rep.qValue());
    }

    @Test void rejectsEmptyOrMismatchedInput() {
        assertThrows(IllegalArgumentException.class, () -> ReplicaGammaMethod.estimate(new double[0][], new int[0], 1.5));
        assertThrows(IllegalArgumentException.class, () -> ReplicaGammaMethod.estimate(new double[][] {{1, 2}}, new int[] {3}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> ReplicaGammaMethod.estimate(new double[][] {{1, 2}}, new int[] {1, 1}, 1.5));
    }
}
