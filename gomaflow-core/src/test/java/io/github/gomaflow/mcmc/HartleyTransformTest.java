package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gomaflow.flow.FourierBasis;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class HartleyTransformTest {
    @Test void equalsTheFourierBasisTransformAndIsItsOwnInverse() {
        int checked = 0;
        for (Lattice l : new Lattice[] {new Lattice(7), new Lattice(8, 8), new Lattice(6, 5), new Lattice(3, 4, 5),
                new Lattice(2, 3, 2, 3)}) {
            int v = l.volume();
            RandomGenerator rng = Streams.stream(1, "test-hartley", v);
            double[] a = new double[v];
            for (int i = 0; i < v; i++) a[i] = rng.nextGaussian();
            double[] ours = a.clone();
            new HartleyTransform(l).transform(ours, new double[v]);
            double[] reference = a.clone();
            FourierBasis basis = new FourierBasis(l);
            basis.transform(reference, 1, new double[basis.maxExtent()]);
            for (int i = 0; i < v; i++) assertEquals(reference[i], ours[i], 1e-13, l + " mode " + i);
            // U² = 1 and the eigenvector property −Δ u_k = p̂²_k u_k: the transform of mode k's unit vector is u_k
            double[] back = ours.clone();
            new HartleyTransform(l).transform(back, new double[v]);
            assertArrayEquals(a, back, 1e-12, l.toString());
            int k = v - 1;
            double[] u = new double[v];
            u[k] = 1;
            new HartleyTransform(l).transform(u, new double[v]);
            for (int x = 0; x < v; x++) {
                double laplacian = 0;
                for (int mu = 0; mu < l.dimension(); mu++) laplacian += u[l.forward(mu, x)] + u[l.backward(mu, x)] - 2 * u[x];
                assertEquals(basis.momentumSquared(k) * u[x], -laplacian, 1e-12, l + " site " + x);
            }
            checked++;
        }
        assertEquals(5, checked);
    }
}
