package io.github.gomaflow.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationHistoryTest {
    @Test
    void readsHeaderAndColumnsOfTheFixture() throws Exception {
        EvaluationHistory h = EvaluationHistory.read(Fixtures.evaluationsCsv());
        assertEquals(13, h.header().size());
        assertEquals(12, h.rows());
        assertEquals(-2.055267, h.column("loss")[2], 0.0);
        assertEquals(0.0001, h.column("lr")[11], 0.0);
        assertTrue(Double.isNaN(h.column("acceptance_rate")[4]), "NaN field stays NaN");
        assertEquals(11, h.argMax("ess"), "epoch 12 has the largest ESS");
        assertEquals(12.0, h.epochs()[11], 0.0);
    }

    @Test
    void infinitiesInJuliaSpellingAndEmptyFields() {
        EvaluationHistory h = EvaluationHistory.parse("epoch,loss,ess\n1,Inf,\n2,-Inf,0.5\n", "t");
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, h.column("loss"));
        assertTrue(Double.isNaN(h.column("ess")[0]));
        assertEquals(1, h.argMax("ess"), "NaN never wins argMax");
    }

    @Test
    void tiesForTheBestEpochGoToTheLaterEpochAsInTraining() {
        // BestScores keeps a tie (>=), so model_best_ess.ckpt holds the later epoch; summaries must say the same
        EvaluationHistory h = EvaluationHistory.parse("epoch,ess\n1,0.2\n2,0.5\n3,0.5\n4,0.1\n", "t");
        assertEquals(2, h.argMax("ess"));
        assertTrue(new io.github.gomaflow.train.BestScores(0.5, 0, 2, 0).improvesEss(0.5), "training treats a tie as new best");
    }

    @Test
    void halfWrittenLastLineIsIgnoredButACompleteUnterminatedOneIsKept() {
        EvaluationHistory partial = EvaluationHistory.parse("epoch,loss,ess\n1,-1,0.1\n2,-1.", "t");
        assertEquals(1, partial.rows());
        EvaluationHistory whole = EvaluationHistory.parse("epoch,loss,ess\n1,-1,0.1\n2,-2,0.2", "t");
        assertEquals(2, whole.rows());
        assertEquals(0.2, whole.column("ess")[1], 0.0);
        assertEquals(0, EvaluationHistory.parse("epoch,loss", "t").rows(), "header only");
    }

    @Test
    void epochsDefaultToRowNumbersWithoutAnEpochColumn() {
        EvaluationHistory h = EvaluationHistory.parse("loss\n-1\n-2\n", "t");
        assertArrayEquals(new double[] {1, 2}, h.epochs());
    }

    @Test
    void badInputNamesTheFileAndWhatIsWrong(@TempDir Path dir) {
        BadInputException broken = assertThrows(BadInputException.class,
                () -> EvaluationHistory.parse("epoch,loss\n1,2,3\n4,5\n", "runs/x/evaluations.csv"));
        assertTrue(broken.getMessage().contains("runs/x/evaluations.csv: line 2 has 3 fields"), broken.getMessage());
        BadInputException column = assertThrows(BadInputException.class,
                () -> EvaluationHistory.parse("epoch,loss\n", "f").column("ess"));
        assertTrue(column.getMessage().contains("no column 'ess' (columns: epoch, loss)"), column.getMessage());
        assertThrows(BadInputException.class, () -> EvaluationHistory.parse("", "f"));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> EvaluationHistory.read(dir.resolve("evaluations.csv")));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }
}
