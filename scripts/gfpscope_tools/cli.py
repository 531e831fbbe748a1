"""One-line errors for the command-line scripts: a missing file, bad JSON or
YAML, or an input of the wrong kind ends the script with
`<script>: error: <what>` and exit status 2, never a traceback."""

import functools
import json
import os
import sys


class InputError(Exception):
    """An input the script cannot use; the message says which and why."""


class NothingAnalysed(Exception):
    """The inputs show a run that analysed nothing (or not with gfpscope's
    checks): a pipeline must not pass on it."""


def error_line(exc):
    if isinstance(exc, OSError) and exc.filename:
        return "%s: %s" % (exc.filename, exc.strerror or exc)
    if isinstance(exc, json.JSONDecodeError):
        return "not valid JSON: %s" % exc
    return str(exc)


def main(function):
    """Decorates a script's main(): returns its exit status; 2 with one
    line on stderr for an unusable input, 3 when nothing was analysed."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        prog = os.path.basename(sys.argv[0])
        try:
            return function(*args, **kwargs)
        except NothingAnalysed as e:
            print("%s: error: nothing analysed: %s" % (prog, e), file=sys.stderr)
            return 3
        except (InputError, OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
            print("%s: error: %s" % (prog, error_line(e)), file=sys.stderr)
            return 2
        except Exception as e:   # yaml.YAMLError and friends, from the parsers
            if type(e).__module__.split(".")[0] != "yaml":
                raise
            print("%s: error: not valid YAML: %s" % (prog, " ".join(str(e).split())),
                  file=sys.stderr)
            return 2
    return run
