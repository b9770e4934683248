package io.github.gomaflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The grammar of the prior, opt and lr_scheduler strings: exact values and exact error columns. */
class SpecParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.f0   | 0.0",
            "1f0    | 1.0",
            "-4f0   | -4.0",
            "1.0    | 1.0",
            "1e-3   | 0.001",
            "0.5f-2 | 0.005",
            "+2.5E1 | 25.0",
            ".5     | 0.5",
            "3.     | 3.0",
            "-0.53  | -0.53",
            "200    | 200.0"})
    void juliaNumberLiterals(String literal, double expected) throws Exception {
        JuliaCall c = JuliaSyntax.parse("f(" + literal + ")");
        JuliaCall.Num n = (JuliaCall.Num) c.positional().get(0);
        assertEquals(expected, n.value(), 0.0, literal);
        assertEquals(literal, n.text());
        assertEquals(literal.equals("200"), n.integer(), literal);
    }

    @Test
    void gomalizingFlowPriors() throws Exception {
        assertEquals(new PriorSpec.Normal(0, 1), SpecParser.prior("Normal{Float32}(0.f0, 1.f0)"));
        assertEquals(new PriorSpec.Normal(0, 1), SpecParser.prior("Normal(0, 1)"));
        assertEquals(new PriorSpec.Normal(0.5, 2), SpecParser.prior(" Normal{Float64} ( 0.5 , 2f0 ) "));
        assertEquals(new PriorSpec.Normal(0, 1), SpecParser.prior("Normal()"));
        assertEquals(new PriorSpec.Normal(-1, 1), SpecParser.prior("Normal(-1)"));
        assertEquals(new PriorSpec.Potential(-4, 8, -2, 2), SpecParser.prior("Potential{Float32}(; m²=-4f0, λ=8f0)"));
        assertEquals(new PriorSpec.Potential(1, 8, -2, 2), SpecParser.prior("Potential{Float32}(; m²=1.0, λ=8.0)"));
        assertEquals(new PriorSpec.Potential(-0.53, 8, -2, 2), SpecParser.prior("Potential{Float32}(; m²=-0.53, λ=8.0)"));
        assertEquals(new PriorSpec.Potential(-4, 8, -3, 2.5),
                SpecParser.prior("Potential(m2=-4, lam=8, xmin=-3, xmax=2.5)"));
        assertEquals(new PriorSpec.Potential(0.5, 0, -5, 5),
                SpecParser.prior("Potential{Float64}(; lambda=0, M2=0.5, xmax=5, xmin=-5,)"));
    }

    @Test
    void optimisersWithFluxDefaults() throws Exception {
        assertEquals(new OptimizerSpec.Adam(0.9, 0.999, 1e-8), SpecParser.optimizer("Adam"));
        assertEquals(new OptimizerSpec.Adam(0.9, 0.999, 1e-8), SpecParser.optimizer("ADAM"));
        assertEquals(new OptimizerSpec.Adam(0.9, 0.999, 1e-8), SpecParser.optimizer("Adam()"));
        assertEquals(new OptimizerSpec.Adam(0.8, 0.99, 1e-7), SpecParser.optimizer("Adam(β1=0.8, beta2=0.99, eps=1e-7)"));
        assertEquals(new OptimizerSpec.AdamW(0.9, 0.999, 1e-8, 0.0), SpecParser.optimizer("AdamW"));
        assertEquals(new OptimizerSpec.AdamW(0.9, 0.999, 1e-8, 1e-4), SpecParser.optimizer("AdamW(decay=1e-4)"));
        assertEquals(new OptimizerSpec.Descent(), SpecParser.optimizer("Descent"));
        assertEquals(new OptimizerSpec.Descent(), SpecParser.optimizer("Descent()"));
    }

    @Test
    void everyFluxOptimiserRoundTripsThroughTheConfigWriter() throws Exception {
        for (OptimizerSpec.Rule r : OptimizerSpec.Rule.values()) {
            OptimizerSpec.Flux d = OptimizerSpec.Flux.defaults(r);
            OptimizerSpec.Flux changed = new OptimizerSpec.Flux(r, r.usesBeta ? 0.7 : 0, r.usesBeta ? 0.97 : 0,
                    r.usesRho ? 0.6 : 0, 3e-7);
            assertEquals(r.fluxName, ConfigWriter.optimizer(d));
            assertEquals(d, SpecParser.optimizer(ConfigWriter.optimizer(d)));
            assertEquals(changed, SpecParser.optimizer(ConfigWriter.optimizer(changed)), r.fluxName);
        }
    }

    @Test
    void everyFluxOptimiserWithFluxDefaults() throws Exception {
        // Flux 0.13 defaults, written out here: β = (0.9, 0.999) except OAdam (0.5, 0.9); ρ = 0.9; ε = 1e-8
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.MOMENTUM, 0, 0, 0.9, 1e-8), SpecParser.optimizer("Momentum"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.NESTEROV, 0, 0, 0.8, 1e-8), SpecParser.optimizer("Nesterov(ρ=0.8)"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.RMSPROP, 0, 0, 0.95, 1e-6), SpecParser.optimizer("RMSProp(rho=0.95, eps=1e-6)"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.RADAM, 0.9, 0.999, 0, 1e-8), SpecParser.optimizer("RADAM"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.RADAM, 0.9, 0.999, 0, 1e-8), SpecParser.optimizer("RAdam()"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.ADAMAX, 0.8, 0.999, 0, 1e-8), SpecParser.optimizer("AdaMax(β1=0.8)"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.ADAGRAD, 0, 0, 0, 1e-8), SpecParser.optimizer("ADAGrad"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.ADADELTA, 0, 0, 0.9, 1e-8), SpecParser.optimizer("ADADelta"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.AMSGRAD, 0.9, 0.99, 0, 1e-8), SpecParser.optimizer("AMSGrad(beta2=0.99)"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.NADAM, 0.9, 0.999, 0, 1e-8), SpecParser.optimizer("NADAM"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.OADAM, 0.5, 0.9, 0, 1e-8), SpecParser.optimizer("OAdam"));
        assertEquals(new OptimizerSpec.Flux(OptimizerSpec.Rule.ADABELIEF, 0.9, 0.999, 0, 1e-8), SpecParser.optimizer("AdaBelief"));
    }

    @Test
    void schedules() throws Exception {
        assertEquals(new ScheduleSpec.Constant(), SpecParser.schedule(""));
        assertEquals(new ScheduleSpec.Constant(), SpecParser.schedule("  "));
        assertEquals(new ScheduleSpec.Step(0.001, 0.1, List.of(200)), SpecParser.schedule("Step(0.001f0, 0.1f0, [200])"));
        assertEquals(new ScheduleSpec.Step(0.001, 0.5, List.of(1500, 1500, 1500)),
                SpecParser.schedule("Step(0.001f0, 0.5f0, [1500, 1500, 1500])"));
        assertEquals(new ScheduleSpec.StepEvery(0.01, 0.5, 50), SpecParser.schedule("Step(0.01, 0.5, 50)"));
        assertEquals(new ScheduleSpec.Step(0.01, 0.5, List.of(10, 20)),
                SpecParser.schedule("Step(start=0.01, decay=0.5, step_sizes=[10, 20])"));
        assertEquals(new ScheduleSpec.Step(0.01, 0.5, List.of(10)), SpecParser.schedule("Step(; λ=0.01, γ=0.5, step_sizes=[10,])"));
        assertEquals(new ScheduleSpec.Exp(0.001, 0.9), SpecParser.schedule("Exp(0.001f0, 0.9f0)"));
        assertEquals(new ScheduleSpec.Cosine(0.001, 0.0, 100), SpecParser.schedule("CosAnneal(0.001, 0, 100)"));
        assertEquals(new ScheduleSpec.Cosine(0.001, 1e-5, 50), SpecParser.schedule("Cosine(l0=1e-3, l1=1e-5, period=50)"));
    }

    /** Column numbers are 1-based positions in the string; the message says what was expected there. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Normal{Float32}(0.f0           | 21 | expected ',' or ')'",
            "Normal{Float32}(0.f0, 1.f0))   | 28 | after the closing ')'",
            "Normal{Int}(0, 1)              | 8  | unknown type parameter {Int}",
            "Normal(0, -1)                  | 11 | σ must be > 0",
            "Normal(0, 1, 2)                | 14 | at most 2 arguments",
            "Normal(μ=0)                    | 10 | Normal takes no keywords",
            "Normel(0, 1)                   | 1  | did you mean 'Normal'?",
            "Gaussian(0, 1)                 | 1  | unknown prior 'Gaussian'",
            "Uniform(1, 0)                  | 12 | Uniform needs a < b",
            "Normal                         | 7  | expected '(' after Normal",
            "Normal(0 1)                    | 10 | expected ',' or ')'",
            "Normal(0, 1x)                  | 12 | unexpected 'x' in number",
            "Normal(0, 1e)                  | 13 | malformed exponent",
            "Normal(0, sqrt(2))             | 11 | σ must be a number",
            "Normal(0, Inf)                 | 14 | expected '='",
            "Normal(0, 1e999)               | 11 | overflows",
            "Potential{Float32}(; m²=-4f0)  | 30 | needs the keyword λ",
            "Potential(-4, 8)               | 11 | keywords only",
            "Potential(; m²=-4, λ=-1)       | 22 | λ must be >= 0",
            "Potential(; m²=-4, λ=8, xmin=1, xmax=0) | 30 | xmin must be < xmax",
            "Potential(; m²=-4, lamda=8)    | 26 | did you mean 'lambda'?",
            "Potential(; m²=-4, λ=8, λ=9)   | 25 | given twice",
            "Potential(; m²=-4, lam=8, λ=9) | 29 | λ given twice",
            "'(0, 1)'                       | 1  | expected a name"})
    void priorErrors(String text, int column, String fragment) {
        SpecSyntaxException e = assertThrows(SpecSyntaxException.class,
                () -> SpecParser.prior(text.startsWith("'") ? text.substring(1, text.length() - 1) : text));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Momentum(0.01)", "Momentum(β1=0.9)", "RMSProp(ρ=1)", "AdaGrad(rho=0.9)", "OAdam(β2=-0.1)",
            "AdaBelief(ε=0)", "Adagrad", "Adam(0.9, 0.999)", "Adam(β1=1.5)", "Adam(ε=0)", "AdamW(decay=-1)",
            "Adam(decay=0.1)", "Descent(0.1)", "Descent(x=1)", "Adam{Float32}", "adam!", ""})
    void optimiserErrors(String text) {
        assertThrows(SpecSyntaxException.class, () -> SpecParser.optimizer(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Step(0.001, 0.1)", "Step(0.001, 0.1, [])", "Step(0.001, 0.1, [2.5])", "Step(0.001, 0.1, 0)",
            "Step(0, 0.1, [200])", "Step(0.001, 1.5, [200])", "Step(0.001, 0.1, [200], 4)", "Exp(0.001)",
            "Exp(0.001, 0)", "CosAnneal(0.001, 0, 2.5)", "CosAnneal(0.001, -1, 10)", "Poly(0.001, 2)",
            "Step(0.001, 0.1, [200]; start=1)", "Step", "Step(start=0.001, decay=0.1)", "Exp{Float32}(0.1, 0.9)"})
    void scheduleErrors(String text) {
        assertThrows(SpecSyntaxException.class, () -> SpecParser.schedule(text));
    }

    @Test
    void didYouMean() {
        assertEquals("batchsize", DidYouMean.suggest("batchsiz", List.of("seed", "batchsize", "epochs")));
        assertEquals("batchsize", DidYouMean.suggest("BatchSize", List.of("seed", "batchsize", "epochs")));
        assertEquals(null, DidYouMean.suggest("banana", List.of("seed", "batchsize", "epochs")));
        assertEquals(3, DidYouMean.distance("kitten", "sitting"));
    }
}
