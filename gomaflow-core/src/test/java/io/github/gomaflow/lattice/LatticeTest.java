package io.github.gomaflow.lattice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatticeTest {
    /** Shapes covering d = 1…4, square and non-square, odd and even extents. */
    private static final List<int[]> SHAPES = List.of(
            new int[] {2}, new int[] {5}, new int[] {8},
            new int[] {4, 6}, new int[] {3, 5}, new int[] {2, 2},
            new int[] {2, 4, 6}, new int[] {3, 2, 5},
            new int[] {2, 3, 4, 5}, new int[] {4, 4, 4, 4});

    /** x + step·μ̂ by plain coordinate arithmetic, independent of the lattice's tables. */
    private static int[] shifted(int[] x, int[] extents, int mu, int step) {
        int[] y = x.clone();
        y[mu] = ((y[mu] + step) % extents[mu] + extents[mu]) % extents[mu];
        return y;
    }

    /** Row-major index with direction 0 slowest, written out independently of Lattice. */
    private static int rowMajor(int[] x, int[] extents) {
        int s = 0;
        for (int mu = 0; mu < extents.length; mu++) s = s * extents[mu] + x[mu];
        return s;
    }

    @Test void volumeAndStridesAreRowMajorWithDirectionZeroSlowest() {
        Lattice l = new Lattice(2, 4, 6);
        assertEquals(48, l.volume());
        assertEquals(3, l.dimension());
        assertEquals(24, l.stride(0));
        assertEquals(6, l.stride(1));
        assertEquals(1, l.stride(2));
        assertArrayEquals(new int[] {2, 4, 6}, l.extents());
        assertEquals(4, l.extent(1));
        assertEquals("2x4x6", l.toString());
        assertEquals(1 * 24 + 2 * 6 + 5, l.site(1, 2, 5));
    }

    @Test void siteAndCoordinatesRoundTripForEveryShape() {
        int checked = 0;
        for (int[] e : SHAPES) {
            Lattice l = new Lattice(e);
            int[] x = new int[e.length];
            for (int s = 0; s < l.volume(); s++) {
                l.coordinates(s, x);
                for (int mu = 0; mu < e.length; mu++) assertTrue(x[mu] >= 0 && x[mu] < e[mu]);
                assertEquals(s, rowMajor(x, e), "row-major index of " + l);
                assertEquals(s, l.site(x));
                checked++;
            }
        }
        assertTrue(checked > 500);
    }

    @Test void siteTakesCoordinatesModuloTheExtents() {
        Lattice l = new Lattice(4, 6);
        assertEquals(l.site(3, 5), l.site(-1, -1));
        assertEquals(l.site(0, 1), l.site(4, 7));
        assertEquals(l.site(2, 0), l.site(-6, 12));
    }

    @Test void neighbourTablesAgreeWithCoordinateArithmetic() {
        int checked = 0;
        for (int[] e : SHAPES) {
            Lattice l = new Lattice(e);
            int[] x = new int[e.length];
            for (int s = 0; s < l.volume(); s++) {
                l.coordinates(s, x);
                for (int mu = 0; mu < e.length; mu++) {
                    assertEquals(rowMajor(shifted(x, e, mu, +1), e), l.forward(mu, s), l + " fwd mu=" + mu);
                    assertEquals(rowMajor(shifted(x, e, mu, -1), e), l.backward(mu, s), l + " bwd mu=" + mu);
                    assertEquals(l.forward(mu, s), l.forwardTable(mu)[s]);
                    assertEquals(l.backward(mu, s), l.backwardTable(mu)[s]);
                    assertEquals(s, l.backward(mu, l.forward(mu, s)));
                    checked++;
                }
            }
        }
        assertTrue(checked > 1000);
    }

    @Test void forwardTableIsAPermutationAndWrapsAtTheBoundary() {
        Lattice l = new Lattice(4, 6);
        int corner = l.site(3, 5);
        assertEquals(l.site(0, 5), l.forward(0, corner));
        assertEquals(l.site(3, 0), l.forward(1, corner));
        assertEquals(l.site(2, 5), l.backward(0, corner));
        assertEquals(l.site(3, 4), l.backward(1, corner));
        for (int mu = 0; mu < 2; mu++) {
            boolean[] hit = new boolean[l.volume()];
            for (int s = 0; s < l.volume(); s++) hit[l.forward(mu, s)] = true;
            for (boolean h : hit) assertTrue(h);
        }
    }

    @Test void extentTwoHasEqualForwardAndBackwardNeighbours() {
        Lattice l = new Lattice(2, 3);
        for (int s = 0; s < l.volume(); s++) assertEquals(l.forward(0, s), l.backward(0, s));
    }

    @Test void shiftTableAgreesWithCoordinateArithmetic() {
        int[][] offsets = {{0, 0, 0}, {1, 0, 0}, {-1, 2, -3}, {5, -7, 13}, {2, 4, 6}};
        int[] e = {2, 4, 6};
        Lattice l = new Lattice(e);
        int[] x = new int[3];
        for (int[] off : offsets) {
            int[] table = l.shiftTable(off);
            for (int s = 0; s < l.volume(); s++) {
                l.coordinates(s, x);
                int[] y = x.clone();
                for (int mu = 0; mu < 3; mu++) y = shifted(y, e, mu, off[mu]);
                assertEquals(rowMajor(y, e), table[s]);
            }
        }
        assertArrayEquals(l.forwardTable(1), l.shiftTable(0, 1, 0));
        assertArrayEquals(l.backwardTable(2), l.shiftTable(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> l.shiftTable(1, 0));
    }

    @Test void checkerboardParityIsCoordinateSumModTwo() {
        for (int[] e : SHAPES) {
            Lattice l = new Lattice(e);
            if (!l.supportsCheckerboard()) continue;
            byte[] p = l.checkerboardParity();
            int[] x = new int[e.length];
            int ones = 0;
            for (int s = 0; s < l.volume(); s++) {
                l.coordinates(s, x);
                int sum = 0;
                for (int v : x) sum += v;
                assertEquals(sum % 2, p[s]);
                ones += p[s];
                // every nearest neighbour has the opposite colour, including across the boundary
                for (int mu = 0; mu < e.length; mu++) assertEquals(1 - p[s], p[l.forward(mu, s)]);
            }
            assertEquals(l.volume() / 2, ones);
        }
    }

    @Test void checkerboardRejectsOddExtentsWithAClearMessage() {
        for (int[] e : new int[][] {{5}, {4, 5}, {3, 4}, {2, 4, 3}, {2, 2, 2, 7}}) {
            Lattice l = new Lattice(e);
            assertTrue(!l.supportsCheckerboard());
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, l::checkerboardParity);
            assertTrue(ex.getMessage().contains("even"), ex.getMessage());
        }
    }

    @Test void constructorRejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Lattice());
        assertThrows(IllegalArgumentException.class, () -> new Lattice(2, 2, 2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Lattice(4, 1));
        assertThrows(IllegalArgumentException.class, () -> new Lattice(0));
        assertThrows(IllegalArgumentException.class, () -> new Lattice(-4, 4));
        assertThrows(IllegalArgumentException.class, () -> new Lattice(1 << 14, 1 << 14));
    }

    @Test void extentsAreCopiedAndEqualityIsByShape() {
        int[] e = {4, 6};
        Lattice l = new Lattice(e);
        e[0] = 8;
        assertEquals(4, l.extent(0));
        l.extents()[1] = 99;
        assertEquals(6, l.extent(1));
        assertEquals(new Lattice(4, 6), l);
        assertEquals(new Lattice(4, 6).hashCode(), l.hashCode());
        assertTrue(!new Lattice(6, 4).equals(l));
        assertEquals(Lattice.hypercubic(3, 4), new Lattice(4, 4, 4));
    }
}
