package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gomaflow.config.ScheduleSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Learning-rate schedules follow ParameterSchedulers.jl, epochs counted from 1. */
class ScheduleTest {
    @Test void stepDecaysAfterEachCumulativeBoundary() {
        // GomalizingFlow's "Step(0.001f0, 0.1f0, [200])": epochs 1..200 at 1e-3, from 201 on 1e-4
        ScheduleSpec s = new ScheduleSpec.Step(1e-3, 0.1, List.of(200));
        assertEquals(1e-3, s.learningRate(1, 99), 1e-15);
        assertEquals(1e-3, s.learningRate(200, 99), 1e-15);
        assertEquals(1e-4, s.learningRate(201, 99), 1e-15);
        assertEquals(1e-4, s.learningRate(5000, 99), 1e-15);
        // ParameterSchedulers' README example Step(1.0, 0.8, [2, 3, 2]) over t = 1..10
        ScheduleSpec r = new ScheduleSpec.Step(1.0, 0.8, List.of(2, 3, 2));
        double[] expected = {1, 1, 0.8, 0.8, 0.8, 0.64, 0.64, 0.512, 0.512, 0.512};
        for (int t = 1; t <= 10; t++) assertEquals(expected[t - 1], r.learningRate(t, 0), 1e-12, "t=" + t);
    }

    @Test void expDecaysEveryEpochStartingAtStart() {
        ScheduleSpec s = new ScheduleSpec.Exp(0.01, 0.5);
        assertEquals(0.01, s.learningRate(1, 0), 1e-15);
        assertEquals(0.005, s.learningRate(2, 0), 1e-15);
        assertEquals(0.01 / 1024, s.learningRate(11, 0), 1e-15);
    }

    @Test void cosineAnnealsAndRestarts() {
        ScheduleSpec s = new ScheduleSpec.Cosine(1.0, 0.0, 4);
        assertEquals(1.0, s.learningRate(1, 0), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI / 4)), s.learningRate(2, 0), 1e-12);
        assertEquals(0.5, s.learningRate(3, 0), 1e-12);
        assertEquals(1.0, s.learningRate(5, 0), 1e-12);
    }

    @Test void constantUsesBaseLr() {
        assertEquals(3e-4, new ScheduleSpec.Constant().learningRate(17, 3e-4), 0);
    }
}
