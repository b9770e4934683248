package io.github.gomaflow.config;

import io.github.gomaflow.lattice.Lattice;
import java.util.List;

/**
 * GomalizingFlow's {@code [physical]} section. {@code L} and {@code Nd} give a hypercubic lattice;
 * our extension {@code lattice_shape = [L0, L1, …]} allows different extents.
 *
 * @param latticeShape extents L₀…L_{d−1}
 * @param mSquared     m² ({@code M2})
 * @param lambda       λ ({@code lam})
 */
public record PhysicalParams(List<Integer> latticeShape, double mSquared, double lambda) {
    public PhysicalParams {
        latticeShape = List.copyOf(latticeShape);
    }

    public int dimension() { return latticeShape.size(); }

    public Lattice lattice() {
        int[] e = new int[latticeShape.size()];
        for (int i = 0; i < e.length; i++) e[i] = latticeShape.get(i);
        return new Lattice(e);
    }
}
