package io.github.gomaflow.lattice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatticeTest {
    @Test void neighboursWrapAroundOnNonSquareLattice() {
        Lattice l = new Lattice(4, 6);
        assertEquals(24, l.volume());
        int corner = l.site(3, 5);
        assertEquals(l.site(0, 5), l.forward(0, corner));
        assertEquals(l.site(3, 0), l.forward(1, corner));
        assertEquals(l.site(2, 5), l.backward(0, corner));
        for (int mu = 0; mu < 2; mu++) {
            for (int s = 0; s < l.volume(); s++) assertEquals(s, l.backward(mu, l.forward(mu, s)));
        }
    }

    @Test void checkerboardNeedsEvenExtents() {
        assertThrows(IllegalArgumentException.class, () -> new Lattice(4, 5).checkerboardParity());
        byte[] p = new Lattice(2, 2, 2).checkerboardParity();
        int ones = 0;
        for (byte b : p) ones += b;
        assertEquals(4, ones);
    }
}
