package org.chondroj.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.chondroj.core.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * truth.json parses with Python's json module and holds every plate and subregion, key, compartment, the tibial
 * ellipses, the MOAKS subregions' lesion truth and boundaries, the knee axes and the schema.
 */
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
				"plates = ['MT', 'LT', 'cMF', 'cLF', 'pMF', 'pLF', 'TrF', 'P', 'ecMF', 'ccMF', 'icMF', 'ecLF', 'ccLF', 'icLF',",
				"          'cMT', 'aMT', 'pMT', 'eMT', 'iMT', 'cLT', 'aLT', 'pLT', 'eLT', 'iLT', 'MFTC', 'LFTC']",
				"assert list(t['plates']) == plates, list(t['plates'])",
				"for p in plates:",
				"    for k in keys:",
				"        assert isinstance(t['plates'][p][k], (int, float)), (p, k)",
				"for p in ['MT', 'LT']:",
				"    parts = [t['plates'][s + p] for s in 'capei']",
				"    assert abs(sum(q['tAB'] for q in parts) - t['plates'][p]['tAB']) < 1e-9 * t['plates'][p]['tAB'], p",
				"    assert abs(parts[0]['tAB'] / t['plates'][p]['tAB'] - 0.2) < 1e-12, p",
				"    e = t['tibial_subregion_ellipses'][p]",
				"    assert len(e['centre_lps_mm']) == 3 and e['sigma_ml_mm'] > 0 and e['sigma_ap_mm'] > 0 and e['k'] > 0 and e['central_share'] == 0.2",
				"for c in ['MF', 'LF', 'MT', 'LT', 'TrF', 'P']:",
				"    for k in ['volume_mm3', 'share_pct', 'volume_se_mm3', 'count', 'region_volume_mm3', 'share_se_pct', 'largest_diameter_mm',",
				"              'moaks_grade', 'worms_grade']:",
				"        assert k in t['lesions'][c], (c, k)",
				"    assert isinstance(t['lesions'][c]['moaks_grade'], int) and isinstance(t['lesions'][c]['worms_grade'], int)",
				"lf = t['lesions']['LF']",
				"assert (lf['count'], lf['largest_diameter_mm'], lf['moaks_grade'], lf['worms_grade']) == (0, 0, 0, 0), lf",
				"mf = t['lesions']['MF']",
				"assert mf['count'] == 1 and 5 < mf['largest_diameter_mm'] < 15 and mf['moaks_grade'] == 1 and mf['worms_grade'] == 1, mf",
				"assert t['knee_axes_lps']['lateral'] == [-1, 0, 0] and t['knee_axes_lps']['anterior'] == [0, -1, 0], t['knee_axes_lps']",
				"assert 'medial_tibial_subregion_centre' in t['landmarks_lps_mm'] and 'tibial_subregions' in t['methods']",
				"assert t['parameters']['defects'][0]['depth_mm'] == 'full'",
				"moaks = ['PM', 'PL', 'FMA', 'FMC', 'FMP', 'FLA', 'FLC', 'FLP', 'TMA', 'TMC', 'TMP', 'TLA', 'TLC', 'TLP', 'SS']",
				"m = t['moaks_lesions']",
				"assert list(m) == moaks, list(m)",
				"for k in moaks:",
				"    for f in ['volume_mm3', 'volume_se_mm3', 'count', 'region_volume_mm3', 'region_volume_se_mm3', 'share_pct', 'share_se_pct',",
				"              'moaks_grade']:",
				"        assert isinstance(m[k][f], (int, float)), (k, f)",
				"    assert isinstance(m[k]['moaks_grade'], int) and isinstance(m[k]['count'], int) and len(m[k]['region_centroid_lps_mm']) == 3, k",
				"    assert m[k]['region_volume_mm3'] > 1000 and m[k]['region_volume_se_mm3'] < 0.01 * m[k]['region_volume_mm3'], k",
				"assert [k for k in moaks if m[k]['count']] == ['FMP'] and m['FMP']['count'] == 1 and m['FMP']['moaks_grade'] == 1, m['FMP']",
				"b = t['moaks_boundaries']",
				"total = sum(m[k]['volume_mm3'] for k in moaks) + b['lesion_deeper_than_depth_mm3']",
				"assert abs(total - mf['volume_mm3']) < 0.01 * mf['volume_mm3'], (total, mf['volume_mm3'])",
				"assert b['notch_midline_u_mm'] == 0 and abs(b['patella_middle_u_mm']) < 1e-9 and b['depth_mm'] == 10, b",
				"assert [round(x, 9) for x in b['tibial_inner_edges_u_mm']] == [-9, 8], b",
				"assert [round(x, 9) for x in b['tibial_plate_v_mm']['MT']] == [-26, 14] and [round(x, 9) for x in b['tibial_plate_v_mm']['LT']] == [-23, 11], b",
				"assert b['knee_origin_lps_mm'] == [0, 0, 0], b",
				"# a right knee: medial is the patient's left, +x",
				"assert m['FMC']['region_centroid_lps_mm'][0] > m['FLC']['region_centroid_lps_mm'][0] + 20",
				"assert 'moaks_lesions' in t['methods'] and 'SS' in t['methods']['moaks_lesions']",
				"print(round(t['plates']['MFTC']['VC'], 6), round(t['lesions']['MF']['volume_mm3'], 6))"), file.toString());
		final String[] values = out.trim().split(" ");
		assertEquals(truth.plates().get("MFTC").vc(), Double.parseDouble(values[0]), 1e-6);
		assertEquals(truth.lesions().get("MF").volume(), Double.parseDouble(values[1]), 1e-6);
	}
}
