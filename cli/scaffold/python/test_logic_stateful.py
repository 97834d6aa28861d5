"""Tests of logic.py, run natively: `python3 -m unittest` in this directory."""

import unittest

import logic


class NotebookTest(unittest.TestCase):
    def test_notes_added_are_listed_in_order_and_are_the_state(self):
        s = logic.Notebook(0)
        s.load('{"notes": ["first"]}')
        self.assertEqual(s.call("{{name}}_add_note", '{"text": "second"}'), '{"count":2}')
        self.assertEqual(s.call("{{name}}_list_notes", "{}"), '{"notes":["first","second"]}')
        self.assertEqual(s.state(), '{"notes":["first","second"]}')

    def test_an_empty_note_and_a_bad_config_are_errors(self):
        s = logic.Notebook(0)
        with self.assertRaises(logic.ToolError):
            s.call("{{name}}_add_note", '{"text": ""}')
        with self.assertRaises(logic.ToolError):
            s.load('{"notes": [1]}')


if __name__ == "__main__":
    unittest.main()
