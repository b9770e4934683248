package io.github.gomaflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.lattice.Lattice;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The transform U of the Fourier layer is orthonormal and symmetric, diagonalises the periodic lattice
 * Laplacian (a direct eigenvector check with −Δ built from the neighbour tables), and its float version agrees
 * with the double one; the momentum orbits have the hand-counted sizes and are unions of symmetry images.
 */
class FourierBasisTest {
    private static final int[][] LATTICES = {{2}, {5}, {6}, {3, 4}, {4, 4}, {5, 5}, {3, 4, 3}, {2, 3, 2, 3}, {4, 4, 4}};

    /** Dense U from the transform of unit vectors: column i = U e_i, so u[x][i] = U_{xi}. */
    static double[][] dense(FourierBasis basis) {
        int v = basis.lattice().volume();
        double[] a = new double[v * v];
        for (int i = 0; i < v; i++) a[i * v + i] = 1; // lane i holds e_i
        basis.transform(a, v, new double[basis.maxExtent() * v]);
        double[][] u = new double[v][v];
        for (int x = 0; x < v; x++) for (int i = 0; i < v; i++) u[x][i] = a[x * v + i];
        return u;
    }

    @Test void transformIsOrthonormalAndSymmetric() {
        int checked = 0;
        for (int[] ext : LATTICES) {
            FourierBasis basis = new FourierBasis(new Lattice(ext));
            double[][] u = dense(basis);
            int v = u.length;
            for (int i = 0; i < v; i++) {
                for (int j = 0; j < v; j++) {
                    double dot = 0;
                    for (int x = 0; x < v; x++) dot += u[x][i] * u[x][j];
                    assertEquals(i == j ? 1.0 : 0.0, dot, 1e-12, Arrays.toString(ext) + " (UᵀU)_" + i + j);
                    assertEquals(u[i][j], u[j][i], 1e-12, Arrays.toString(ext) + " symmetry");
                }
            }
            checked++;
        }
        assertEquals(LATTICES.length, checked);
    }

    /** −Δφ(x) = Σ_μ [2φ(x) − φ(x+μ̂) − φ(x−μ̂)] from the lattice's neighbour tables. */
    static double[] minusLaplacian(Lattice l, double[] phi) {
        double[] out = new double[phi.length];
        for (int x = 0; x < l.volume(); x++) {
            for (int mu = 0; mu < l.dimension(); mu++) out[x] += 2 * phi[x] - phi[l.forward(mu, x)] - phi[l.backward(mu, x)];
        }
        return out;
    }

    /** Each basis vector u_k is an eigenvector of −Δ, with eigenvalue (its Rayleigh quotient) p̂²_k. */
    @Test void basisVectorsAreEigenvectorsOfTheLaplacian() {
        int checked = 0;
        for (int[] ext : LATTICES) {
            Lattice lattice = new Lattice(ext);
            FourierBasis basis = new FourierBasis(lattice);
            double[][] u = dense(basis);
            int v = u.length;
            for (int k = 0; k < v; k++) {
                double[] uk = new double[v];
                for (int x = 0; x < v; x++) uk[x] = u[x][k];
                double[] lu = minusLaplacian(lattice, uk);
                double rayleigh = 0;
                for (int x = 0; x < v; x++) rayleigh += uk[x] * lu[x];
                for (int x = 0; x < v; x++) {
                    assertEquals(rayleigh * uk[x], lu[x], 1e-11, Arrays.toString(ext) + " mode " + k + " site " + x);
                }
                assertEquals(rayleigh, basis.momentumSquared(k), 1e-11, Arrays.toString(ext) + " eigenvalue of mode " + k);
                checked++;
            }
        }
        assertTrue(checked > 200, "checked " + checked);
    }

    @Test void floatTransformAgreesWithDouble() {
        Lattice lattice = new Lattice(3, 4, 5);
        FourierBasis basis = new FourierBasis(lattice);
        int s = 8;
        int n = lattice.volume() * s;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        double[] a = new double[n];
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) rng.nextGaussian();
            a[i] = f[i];
        }
        basis.transform(a, s, new double[basis.maxExtent() * s]);
        basis.transform(f, s, new float[basis.maxExtent() * s]);
        for (int i = 0; i < n; i++) assertEquals(a[i], f[i], 1e-5, "entry " + i);
        // and U² = 1: applying it again gives the input back
        basis.transform(a, s, new double[basis.maxExtent() * s]);
        double[] twice = a;
        float[] again = f.clone();
        basis.transform(again, s, new float[basis.maxExtent() * s]);
        java.util.SplittableRandom rng2 = new java.util.SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            double z = (float) rng2.nextGaussian();
            assertEquals(z, twice[i], 1e-12);
            assertEquals(z, again[i], 1e-5);
        }
    }

    /**
     * Orbit counts by hand: 1D L=5 {0},{1,4},{2,3}; L=6 {0},{1,5},{2,4},{3}; 2D 8×8: pairs a ≤ b of folded
     * momenta 0…4, 15; 4×6 (no axis swap): 3·4 = 12; 4×4×4: multisets of 3 from {0,1,2}, 10; 3×4×3: axes 0, 2
     * swap ({0,0},{0,1},{1,1}) times axis 1 (0,1,2), 9; 3⁴: multisets of 4 from {0,1}, 5.
     */
    @Test void orbitsHaveTheHandCountedNumbers() {
        int[][] ext = {{5}, {6}, {8, 8}, {4, 6}, {4, 4, 4}, {3, 4, 3}, {3, 3, 3, 3}};
        int[] expected = {3, 4, 15, 12, 10, 9, 5};
        for (int i = 0; i < ext.length; i++) {
            FourierBasis b = new FourierBasis(new Lattice(ext[i]));
            assertEquals(expected[i], b.orbitCount(), Arrays.toString(ext[i]));
            assertEquals(expected[i], FourierBasis.orbitCount(Arrays.stream(ext[i]).boxed().toList()), "formula " + Arrays.toString(ext[i]));
            int total = 0;
            for (int o = 0; o < b.orbitCount(); o++) total += b.orbitSize(o);
            assertEquals(b.lattice().volume(), total);
            assertEquals(0, b.orbit(0), "the zero momentum is orbit 0");
            assertEquals(1, b.orbitSize(0));
        }
    }

    /** Every reflection of one axis and every swap of two axes of equal extent keeps a mode in its orbit; p̂² is constant on it. */
    @Test void orbitsAreClosedUnderTheLatticeSymmetries() {
        int checked = 0;
        for (int[] ext : new int[][] {{6}, {8, 8}, {4, 6}, {3, 4, 3}, {4, 4, 4}, {2, 3, 2, 3}}) {
            Lattice lattice = new Lattice(ext);
            FourierBasis b = new FourierBasis(lattice);
            int d = lattice.dimension();
            int[] k = new int[d];
            double[] p2 = new double[b.orbitCount()];
            Arrays.fill(p2, Double.NaN);
            for (int mode = 0; mode < lattice.volume(); mode++) {
                lattice.coordinates(mode, k);
                for (int mu = 0; mu < d; mu++) {
                    int[] r = k.clone();
                    r[mu] = -r[mu];
                    assertEquals(b.orbit(mode), b.orbit(lattice.site(r)), Arrays.toString(ext) + " reflection " + mu);
                    for (int nu = mu + 1; nu < d; nu++) {
                        if (ext[mu] != ext[nu]) continue;
                        int[] sw = k.clone();
                        sw[mu] = k[nu];
                        sw[nu] = k[mu];
                        assertEquals(b.orbit(mode), b.orbit(lattice.site(sw)), Arrays.toString(ext) + " swap " + mu + nu);
                        checked++;
                    }
                }
                int o = b.orbit(mode);
                if (Double.isNaN(p2[o])) p2[o] = b.momentumSquared(mode);
                assertEquals(p2[o], b.momentumSquared(mode), 1e-12, "p̂² on orbit " + o);
            }
        }
        assertTrue(checked > 50, "swaps checked " + checked);
    }
}
