//! `tz`: the Tool Zero command line. Parses arguments, builds the config, calls a library and
//! maps the outcome to an exit code (0 ok, 1 run failed, 2 usage or config error).

fn main() {}
