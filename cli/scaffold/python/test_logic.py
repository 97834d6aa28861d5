"""Tests of logic.py, run natively: `python3 -m unittest` in this directory."""

import unittest

import logic


class GreetTest(unittest.TestCase):
    def test_greets_by_name(self):
        self.assertEqual(
            logic.call("{{name}}_greet", {"name": "Ada", "excited": True}),
            '{"greeting":"Hello, Ada!"}',
        )

    def test_an_empty_name_is_an_error_for_the_model(self):
        with self.assertRaisesRegex(logic.ToolError, "must not be empty"):
            logic.call("{{name}}_greet", {"name": " "})

    def test_the_spec_names_every_function(self):
        self.assertEqual([f["name"] for f in logic.SPEC], ["{{name}}_greet"])


if __name__ == "__main__":
    unittest.main()
