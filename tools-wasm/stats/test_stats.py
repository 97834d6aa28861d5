"""Unit tests of the `stats` tool's logic (`stats_core`), run natively:

    cd tools-wasm/stats && python3 -m unittest

Reference values come from the standard library's `statistics` module, exact `Fraction`
arithmetic, or hand computation (noted per case).
"""

import json
import math
import random
import statistics
import unittest
from fractions import Fraction

import stats_core as sc
from stats_core import StatsError


def call(name, **arguments):
    """The parsed result of calling `name` with `arguments`."""
    return json.loads(sc.call(name, json.dumps(arguments)))


class Errors:
    """Mixin: asserts a call fails with a message containing every fragment."""

    def assert_error(self, name, arguments, *fragments):
        text = arguments if isinstance(arguments, str) else json.dumps(arguments)
        with self.assertRaises(StatsError) as caught:
            sc.call(name, text)
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        return message


class SpecTest(unittest.TestCase):
    def test_spec_follows_the_house_rules_of_check_spec(self):
        # The rules of tools-wasm/common/src/spec.rs `check_spec`.
        spec = json.loads(sc.spec_text())
        self.assertIsInstance(spec, list)
        names = []
        for f in spec:
            self.assertEqual(sorted(f), ["description", "name", "parameters"])
            name = f["name"]
            self.assertRegex(name, r"^[a-z][a-z0-9_]*$")
            self.assertTrue(f["description"])
            params = f["parameters"]
            self.assertEqual(params["type"], "object")
            self.assertIs(params["additionalProperties"], False)
            for pname, p in params["properties"].items():
                self.assertIsInstance(p["type"], str, f"{name}.{pname}")
                self.assertTrue(p["description"], f"{name}.{pname}")
            for r in params["required"]:
                self.assertIn(r, params["properties"])
            self.assertNotIn(name, names)
            names.append(name)
        self.assertEqual(
            names,
            [
                "percentile",
                "linear_regression",
                "correlation",
                "zscores",
                "moving_average",
                "weighted_mean",
            ],
        )

    def test_every_array_takes_1_to_max_values_numbers(self):
        for f in sc.SPEC:
            for p in f["parameters"]["properties"].values():
                if p["type"] == "array":
                    self.assertEqual(p["items"], {"type": "number"})
                    self.assertEqual((p["minItems"], p["maxItems"]), (1, sc.MAX_VALUES))

    def test_spec_text_is_compact_json(self):
        text = sc.spec_text()
        self.assertEqual(json.loads(text), sc.SPEC)
        self.assertEqual(text, json.dumps(sc.SPEC, separators=(",", ":")))
        self.assertNotIn('", "', text)


class FormatTest(unittest.TestCase):
    # Expected texts are what the Rust calculator prints for the same values
    # (`tz tools call tools-wasm calculate '{"expression": ...}'`).
    CASES = [
        (7.0, "7"),
        (-0.0, "0"),
        (-12345678.0, "-12345678"),
        (0.1 + 0.2, "0.3"),
        (1 / 3, "0.333333333333"),
        (2.5, "2.5"),
        (1e-7, "1e-7"),
        (1e-5, "0.00001"),
        (-0.00001234, "-0.00001234"),
        (0.0001, "0.0001"),
        (1 / 3 * 1e-5, "3.33333333333e-6"),
        (1e20, "1e+20"),
        (1.5e16, "1.5e+16"),
        (2.0**60, "1.15292150461e+18"),
        (1e12 + 0.5, "1000000000000"),
        (123456789012345.0, "123456789012000"),
        (2.0**53, "9007199254740000"),
        (9.5e15, "9500000000000000.0"),
        (1e300, "1e+300"),
        (-1e-20, "-1e-20"),
        (999999999999.0, "999999999999"),
        (1234567890123.0, "1234567890120"),
    ]

    def test_numbers_print_as_the_rust_tools_print_them(self):
        for x, text in self.CASES:
            self.assertEqual(sc.format_number(x), text, repr(x))

    def test_integers_and_floats_print_alike(self):
        self.assertEqual(sc.format_number(3), "3")
        self.assertEqual(sc.to_json({"n": 3, "x": 3.0}), '{"n":3,"x":3}')

    def test_non_finite_results_are_tool_errors(self):
        for x in (math.inf, -math.inf, math.nan):
            with self.assertRaises(StatsError):
                sc.format_number(x)

    def test_batch_formatting_agrees_with_one_by_one(self):
        rng = random.Random(7)
        samples = []
        for i in range(4000):
            kind = i % 4
            if kind == 0:
                bits = rng.getrandbits(64)
                x = struct_double(bits)
                if not math.isfinite(x):
                    continue
            elif kind == 1:
                x = rng.randrange(1_000_000) / 1000
            elif kind == 2:
                x = rng.randrange(10_000) * 1e-9 - 5e-6
            else:
                x = 1 / (rng.randrange(997) + 1)
            samples.append(x)
        one_by_one = ",".join(map(sc.format_number, samples))
        self.assertEqual(sc.format_numbers(samples), one_by_one)
        # The fast path alone (no exponents, no negative zero).
        plain = [0.5, -2.25, 3.0, 1 / 3]
        self.assertEqual(sc.format_numbers(plain), "0.5,-2.25,3,0.333333333333")
        self.assertEqual(sc.format_numbers([1.0, -0.0]), "1,0")
        self.assertEqual(sc.format_numbers([]), "")

    def test_results_are_compact_json_in_key_order(self):
        self.assertEqual(
            sc.to_json({"b": [1.5, None, True], "a": "é"}), '{"b":[1.5,null,true],"a":"é"}'
        )


def struct_double(bits):
    import struct

    return struct.unpack("<d", struct.pack("<Q", bits))[0]


class ArgumentsTest(unittest.TestCase, Errors):
    def test_unknown_function_lists_the_functions(self):
        self.assert_error("median", {}, "unknown function 'median'", "percentile", "zscores")

    def test_arguments_must_be_a_json_object(self):
        self.assert_error("zscores", "[1, 2]", "must be a JSON object, got array")
        self.assert_error("zscores", "{", "not valid JSON")

    def test_unknown_and_missing_parameters(self):
        self.assert_error("zscores", {"values": [1, 2], "ddof": 1}, "unknown parameter 'ddof'")
        self.assert_error("zscores", {}, "missing required parameter 'values'")
        self.assert_error("percentile", {"values": [1]}, "missing required parameter 'percentile'")

    def test_arrays_hold_1_to_max_values_finite_numbers(self):
        self.assert_error("zscores", {"values": 5}, "must be an array of numbers, got number")
        self.assert_error("zscores", {"values": []}, "1 to 1000 numbers, got 0")
        too_many = list(range(sc.MAX_VALUES + 1))
        self.assert_error("zscores", {"values": too_many}, "got 1001")
        self.assert_error("zscores", {"values": [1, "2"]}, "item 1 is string")
        self.assert_error("zscores", {"values": [1, True]}, "item 1 is boolean")
        self.assert_error("zscores", '{"values": [1, NaN]}', "item 1 is not a finite number")
        self.assert_error("zscores", '{"values": [1e400, 2]}', "item 0 is not a finite number")
        self.assert_error("zscores", {"values": [1, 10**400]}, "item 1 is not a finite number")

    def test_integers_may_be_written_with_a_zero_fraction(self):
        self.assertEqual(call("moving_average", values=[1, 2, 3], window=2.0)["window"], 2)
        self.assert_error("moving_average", {"values": [1, 2], "window": 1.5}, "integer, got 1.5")
        self.assert_error("moving_average", {"values": [1], "window": True}, "integer")

    def test_wrong_scalar_types(self):
        self.assert_error("percentile", {"values": [1], "percentile": "50"}, "got string")
        self.assert_error("correlation", {"x": [1, 2], "y": [2, 1], "method": 1}, "got number")


class PercentileTest(unittest.TestCase, Errors):
    def test_interpolates_between_closest_ranks(self):
        # numpy.percentile([1, 2, 3, 4], 25) == 1.75
        self.assertEqual(call("percentile", values=[4, 1, 3, 2], percentile=25),
                         {"percentile": 25, "value": 1.75})
        self.assertEqual(sc.call("percentile", '{"values": [4, 1, 3, 2], "percentile": 50}'),
                         '{"percentile":50,"value":2.5}')

    def test_ends_are_the_minimum_and_the_maximum(self):
        values = [3, -7.5, 12, 0]
        self.assertEqual(call("percentile", values=values, percentile=0)["value"], -7.5)
        self.assertEqual(call("percentile", values=values, percentile=100)["value"], 12)

    def test_one_value_is_every_percentile(self):
        for p in (0, 33.3, 100):
            self.assertEqual(call("percentile", values=[42], percentile=p)["value"], 42)

    def test_agrees_with_statistics_quantiles_inclusive(self):
        rng = random.Random(3)
        for n in (2, 5, 17, 100):
            values = [rng.uniform(-50, 50) for _ in range(n)]
            cuts = statistics.quantiles(values, n=100, method="inclusive")
            for p in (1, 10, 37, 50, 90, 99):
                got = call("percentile", values=values, percentile=p)["value"]
                self.assertAlmostEqual(got, cuts[p - 1], delta=1e-9 * (1 + abs(got)))

    def test_percentile_outside_0_to_100_is_an_error(self):
        self.assert_error("percentile", {"values": [1], "percentile": 101}, "between 0 and 100")
        self.assert_error("percentile", {"values": [1], "percentile": -1}, "got -1")

    def test_huge_neighbours_do_not_overflow(self):
        got = call("percentile", values=[1e308, -1e308], percentile=75)["value"]
        self.assertEqual(got, 5e307)


class LinearRegressionTest(unittest.TestCase, Errors):
    def test_an_exact_line(self):
        self.assertEqual(
            sc.call("linear_regression", '{"x": [1, 2, 3, 4], "y": [3, 5, 7, 9]}'),
            '{"slope":2,"intercept":1,"r_squared":1,"n":4}',
        )

    def test_agrees_with_statistics(self):
        x = [1, 2, 3, 4, 5]
        y = [2.2, 4.1, 6.3, 7.9, 10.1]
        got = call("linear_regression", x=x, y=y)
        ref = statistics.linear_regression(x, y)
        r = statistics.correlation(x, y)
        self.assertEqual(got["slope"], round_12(ref.slope))
        self.assertEqual(got["intercept"], round_12(ref.intercept))
        self.assertEqual(got["r_squared"], round_12(r * r))
        self.assertEqual(got["n"], 5)

    def test_cancellation_noise_in_the_intercept_reads_zero(self):
        # In doubles 3 * 0.1 != 0.3, so plain OLS gives an intercept of -1.1e-16.
        got = call("linear_regression", x=[0.1, 0.2, 0.3], y=[0.3, 0.6, 0.9])
        self.assertEqual((got["slope"], got["intercept"]), (3, 0))

    def test_uncorrelated_points_have_a_flat_line(self):
        got = call("linear_regression", x=[1, 2, 3, 4], y=[1, -1, -1, 1])
        self.assertEqual(got, {"slope": 0, "intercept": 0, "r_squared": 0, "n": 4})

    def test_a_constant_y_is_a_perfect_fit(self):
        got = call("linear_regression", x=[1, 2, 3], y=[5, 5, 5])
        self.assertEqual(got, {"slope": 0, "intercept": 5, "r_squared": 1, "n": 3})

    def test_errors(self):
        self.assert_error("linear_regression", {"x": [1, 2, 3], "y": [1, 2]},
                          "same length", "x has 3 values, y has 2")
        self.assert_error("linear_regression", {"x": [1], "y": [1]}, "at least 2 points, got 1")
        self.assert_error("linear_regression", {"x": [2, 2, 2], "y": [1, 2, 3]},
                          "x must not be constant (every value is 2)")

    def test_huge_and_tiny_values_are_scaled_not_overflowed(self):
        got = call("linear_regression", x=[1e200, 2e200, 3e200], y=[2e200, 4e200, 6e200])
        self.assertEqual((got["slope"], got["intercept"], got["r_squared"]), (2, 0, 1))
        self.assert_error("linear_regression", {"x": [1e-200, 2e-200], "y": [1e200, 2e200]},
                          "too large to represent")


class CorrelationTest(unittest.TestCase, Errors):
    def test_pearson_agrees_with_statistics(self):
        x = [1, 2, 3, 4, 5, 6]
        y = [2, 1, 4, 3, 7, 5]
        got = call("correlation", x=x, y=y)
        self.assertEqual(got["method"], "pearson")
        self.assertEqual(got["correlation"], round_12(statistics.correlation(x, y)))
        self.assertEqual(got["n"], 6)

    def test_spearman_is_pearson_of_average_ranks(self):
        x = [10, 20, 20, 30, 5]
        y = [1, 3, 2, 4, 0]
        self.assertEqual(sc.average_ranks([10.0, 20.0, 20.0, 30.0, 5.0]), [2, 3.5, 3.5, 5, 1])
        rx, ry = [2, 3.5, 3.5, 5, 1], [2, 4, 3, 5, 1]
        got = call("correlation", x=x, y=y, method="spearman")
        self.assertEqual(got["correlation"], round_12(statistics.correlation(rx, ry)))
        self.assertEqual(
            sc.call("correlation", '{"x":[1,2,3,4],"y":[1,3,2,4],"method":"spearman"}'),
            '{"method":"spearman","correlation":0.8,"n":4}',
        )

    def test_spearman_of_a_monotone_curve_is_one(self):
        x = [1, 2, 3, 4, 5]
        got = call("correlation", x=x, y=[v**3 for v in x], method="spearman")
        self.assertEqual(got["correlation"], 1)
        self.assertLess(call("correlation", x=x, y=[v**3 for v in x])["correlation"], 1)

    def test_ties_share_the_mean_rank_and_zeros_of_both_signs_tie(self):
        self.assertEqual(sc.average_ranks([1.0, 1.0, 1.0]), [2, 2, 2])
        self.assertEqual(sc.average_ranks([0.0, -0.0, -1.0]), [2.5, 2.5, 1])

    def test_perfectly_opposite_and_uncorrelated(self):
        self.assertEqual(call("correlation", x=[1, 2, 3], y=[3, 2, 1])["correlation"], -1)
        self.assertEqual(call("correlation", x=[1, 2, 3, 4], y=[1, -1, -1, 1])["correlation"], 0)

    def test_errors(self):
        self.assert_error("correlation", {"x": [1, 2], "y": [1, 2, 3]},
                          "x has 2 values, y has 3")
        self.assert_error("correlation", {"x": [1], "y": [2]}, "at least 2 points")
        self.assert_error("correlation", {"x": [1, 2], "y": [4, 4]},
                          "y must not be constant (every value is 4)")
        self.assert_error("correlation", {"x": [3, 3], "y": [1, 2]}, "x must not be constant")
        self.assert_error("correlation", {"x": [1, 2], "y": [2, 1], "method": "kendall"},
                          "'pearson' or 'spearman', got 'kendall'")

    def test_huge_values_do_not_overflow(self):
        got = call("correlation", x=[1e308, -1e308, 5], y=[1, 2, 3])["correlation"]
        self.assertEqual(got, -0.5)


class ZscoresTest(unittest.TestCase, Errors):
    def test_population_standard_scores(self):
        # mean 5, population stdev 2 (a textbook example).
        self.assertEqual(
            sc.call("zscores", '{"values": [2, 4, 4, 4, 5, 5, 7, 9]}'),
            '{"mean":5,"stdev":2,"zscores":[-1.5,-0.5,-0.5,-0.5,0,0,1,2]}',
        )

    def test_agrees_with_statistics_pstdev(self):
        values = [1.5, -2, 3.25, 8, 0]
        got = call("zscores", values=values)
        mu, sigma = statistics.fmean(values), statistics.pstdev(values)
        self.assertEqual(got["mean"], round_12(mu))
        self.assertEqual(got["stdev"], round_12(sigma))
        self.assertEqual(got["zscores"], [round_12((v - mu) / sigma) for v in values])

    def test_the_middle_of_a_symmetric_set_is_exactly_zero(self):
        self.assertEqual(call("zscores", values=[0.1, 0.2, 0.3])["zscores"][1], 0)

    def test_errors(self):
        self.assert_error("zscores", {"values": [3]}, "at least 2 values, got 1")
        self.assert_error("zscores", {"values": [4, 4, 4]}, "all values are equal (4)")

    def test_extreme_magnitudes(self):
        self.assertEqual(call("zscores", values=[1e308, -1e308]),
                         {"mean": 0, "stdev": 1e308, "zscores": [1, -1]})
        tiny = call("zscores", values=[1e-320, 2e-320, 3e-320])["zscores"]
        self.assertEqual(tiny, [-1.22474487139, 0, 1.22474487139])


class MovingAverageTest(unittest.TestCase, Errors):
    def test_trailing_full_windows(self):
        self.assertEqual(
            sc.call("moving_average", '{"values": [1, 2, 3, 4, 5], "window": 3}'),
            '{"window":3,"averages":[2,3,4]}',
        )

    def test_window_one_echoes_and_window_n_is_the_mean(self):
        values = [0.5, -1, 7.25]
        self.assertEqual(call("moving_average", values=values, window=1)["averages"], values)
        self.assertEqual(call("moving_average", values=values, window=3)["averages"], [2.25])

    def test_window_sums_are_exact(self):
        # A running float sum would lose the 1s next to 1e16; exact sums keep them.
        values = [1e16, 1, -1e16, 1, 3]
        got = call("moving_average", values=values, window=2)["averages"]
        self.assertEqual(got, [5e15, -5e15, -5e15, 2])
        self.assertEqual(call("moving_average", values=[0.1, 0.2, 0.3], window=2)["averages"],
                         [0.15, 0.25])

    def test_agrees_with_exact_fractions(self):
        rng = random.Random(5)
        values = [rng.uniform(-1e6, 1e6) for _ in range(200)]
        for w in (1, 7, 200):
            got = sc.moving_average(values, w)["averages"]
            want = [
                float(sum(map(Fraction, values[i : i + w])) / w) for i in range(len(values) - w + 1)
            ]
            self.assertEqual(got, want)

    def test_errors(self):
        self.assert_error("moving_average", {"values": [1, 2, 3], "window": 5},
                          "window 5 is larger than the number of values (3)")
        self.assert_error("moving_average", {"values": [1, 2, 3], "window": 0},
                          "at least 1, got 0")

    def test_the_longest_result_fits_the_output_cap(self):
        values = [-1.23456789012e-300] * sc.MAX_VALUES
        text = sc.call("moving_average", json.dumps({"values": values, "window": 1}))
        self.assertLess(len(text), 64 * 1024)


class WeightedMeanTest(unittest.TestCase, Errors):
    def test_weights_scale_each_value(self):
        self.assertEqual(sc.call("weighted_mean", '{"values": [1, 2, 3], "weights": [3, 1, 0]}'),
                         '{"weighted_mean":1.25}')

    def test_equal_weights_give_the_mean(self):
        values = [2.5, 3.5, 10]
        got = call("weighted_mean", values=values, weights=[0.2, 0.2, 0.2])
        self.assertEqual(got["weighted_mean"], round_12(statistics.fmean(values)))

    def test_errors(self):
        self.assert_error("weighted_mean", {"values": [1, 2], "weights": [1]},
                          "values has 2 values, weights has 1")
        self.assert_error("weighted_mean", {"values": [1, 2], "weights": [1, -0.5]},
                          "weight 1 is -0.5")
        self.assert_error("weighted_mean", {"values": [1, 2], "weights": [0, 0]},
                          "positive sum")

    def test_huge_values_and_weights(self):
        got = call("weighted_mean", values=[1e308, 1e308], weights=[1e308, 1e308])
        self.assertEqual(got["weighted_mean"], 1e308)


class DeterminismTest(unittest.TestCase):
    def test_the_same_call_gives_the_same_text(self):
        rng = random.Random(11)
        x = [rng.uniform(-5, 5) for _ in range(300)]
        y = [rng.uniform(-5, 5) for _ in range(300)]
        for name, args in [
            ("percentile", {"values": x, "percentile": 12.5}),
            ("linear_regression", {"x": x, "y": y}),
            ("correlation", {"x": x, "y": y, "method": "spearman"}),
            ("zscores", {"values": x}),
            ("moving_average", {"values": x, "window": 10}),
            ("weighted_mean", {"values": x, "weights": [abs(v) for v in y]}),
        ]:
            text = json.dumps(args)
            self.assertEqual(sc.call(name, text), sc.call(name, text), name)


def round_12(x):
    """What the tool prints for `x`, read back."""
    return json.loads(sc.format_number(x))


if __name__ == "__main__":
    unittest.main()
