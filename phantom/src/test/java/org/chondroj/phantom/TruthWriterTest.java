package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.chondroj.core.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** truth.json parses with Python's json module and holds every plate, key, compartment and the schema. */
class TruthWriterTest {

	@Test
	void truthJsonParsesAndHoldsEveryKey(@TempDir final Path dir) throws Exception {
		ExternalTools.requirePython("json");
		final PhantomTruth truth = PhantomTruth.of(new KneeModel(AnatomyConfig.defaults()));
		final Path file = dir.resolve("truth.json");
		TruthWriter.write(truth, file);
		assertEquals(TruthWriter.toJson(truth), Files.readString(file));
		final String out = ExternalTools.pythonCode(String.join("\n",
				"import json, sys",
				"t = json.load(open(sys.argv[1]))",
				"assert t['schema'] == 'chondroj-truth/1', t['schema']",
				"assert t['side'] == 'right' and t['weight_bearing_fraction'] == 0.6",
				"keys = ['VC', 'tAB', 'cAB', 'dAB', 'AC', 'ThCcAB', 'ThCtAB', 'ThCcAB_max', 'ThCcAB_sd']",
				"for p in ['MT', 'LT', 'cMF', 'cLF', 'pMF', 'pLF', 'TrF', 'P', 'MFTC', 'LFTC', 'ecMF', 'ccMF', 'icMF', 'ecLF', 'ccLF', 'icLF']:",
				"    for k in keys:",
				"        assert isinstance(t['plates'][p][k], (int, float)), (p, k)",
				"for c in ['MF', 'LF', 'MT', 'LT', 'TrF', 'P']:",
				"    for k in ['volume_mm3', 'share_pct', 'volume_se_mm3', 'count', 'region_volume_mm3', 'share_se_pct']:",
				"        assert k in t['lesions'][c], (c, k)",
				"assert t['parameters']['defects'][0]['depth_mm'] == 'full'",
				"print(round(t['plates']['MFTC']['VC'], 6), round(t['lesions']['MF']['volume_mm3'], 6))"), file.toString());
		final String[] values = out.trim().split(" ");
		assertEquals(truth.plates().get("MFTC").vc(), Double.parseDouble(values[0]), 1e-6);
		assertEquals(truth.lesions().get("MF").volume(), Double.parseDouble(values[1]), 1e-6);
	}
}
