package io.github.gomaflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ParameterSchedulers.jl semantics, written out epoch by epoch (epochs count from 1): Step(λ, γ, [n₁, n₂…])
 * gives λ for epochs 1…n₁, λγ for the next n₂ epochs, …, and λγ^k after all k listed steps; with an integer
 * n the step repeats forever.
 */
class ScheduleSpecTest {
    private static final double TOL = 1e-15;

    @Test
    void stepWithListDecaysAfterEachListedStep() {
        ScheduleSpec s = new ScheduleSpec.Step(1e-3, 0.1, List.of(200));
        assertEquals(1e-3, s.learningRate(1, 99), TOL);
        assertEquals(1e-3, s.learningRate(200, 99), TOL);
        assertEquals(1e-4, s.learningRate(201, 99), TOL);
        assertEquals(1e-4, s.learningRate(500, 99), TOL);
        ScheduleSpec e4 = new ScheduleSpec.Step(1e-3, 0.5, List.of(1500, 1500, 1500));
        assertEquals(1e-3, e4.learningRate(1500, 0), TOL);
        assertEquals(5e-4, e4.learningRate(1501, 0), TOL);
        assertEquals(5e-4, e4.learningRate(3000, 0), TOL);
        assertEquals(2.5e-4, e4.learningRate(3001, 0), TOL);
        assertEquals(1.25e-4, e4.learningRate(4501, 0), TOL);
        assertEquals(1.25e-4, e4.learningRate(5000, 0), TOL);
    }

    @Test
    void stepWithIntegerRepeats() {
        ScheduleSpec s = new ScheduleSpec.StepEvery(1.0, 0.5, 10);
        assertEquals(1.0, s.learningRate(1, 0), TOL);
        assertEquals(1.0, s.learningRate(10, 0), TOL);
        assertEquals(0.5, s.learningRate(11, 0), TOL);
        assertEquals(0.25, s.learningRate(21, 0), TOL);
        assertEquals(0.125, s.learningRate(40, 0), TOL);
    }

    @Test
    void expCosineConstant() {
        assertEquals(2.0, new ScheduleSpec.Exp(2.0, 0.5).learningRate(1, 0), TOL);
        assertEquals(0.25, new ScheduleSpec.Exp(2.0, 0.5).learningRate(4, 0), TOL);
        ScheduleSpec c = new ScheduleSpec.Cosine(1.0, 0.0, 4);
        assertEquals(1.0, c.learningRate(1, 0), TOL);                 // t̂ = 0
        assertEquals(0.5, c.learningRate(3, 0), 1e-12);               // t̂ = 2: cos(π/2) = 0
        assertEquals(1.0, c.learningRate(5, 0), TOL);                 // restart
        assertEquals(0.003, new ScheduleSpec.Constant().learningRate(77, 0.003), TOL);
    }
}
