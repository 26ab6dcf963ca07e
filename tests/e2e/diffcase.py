"""What the end-to-end tests of `procspec diff` share: their command line
(PROCSPEC SOURCE_DIR CHECK_OFFICE), a scratch folder, the list of their
failures, running procspec with the exit status expected, and variants of
a sample profile with some of its text replaced."""
import os
import subprocess
import sys
import tempfile


class Case:
    """One test script's state. LANG: the --lang every run passes (None:
    procspec's own choice from the environment)."""

    def __init__(self, lang=None):
        self.procspec, self.src, self.check_office = sys.argv[1:4]
        self.work = tempfile.mkdtemp()
        self.failures = []
        self.lang = lang

    def run(self, *args, expect=None, env=None, lang=None):
        """procspec ARGS; a failure is recorded when EXPECT is given and
        the exit status differs. Returns the CompletedProcess."""
        lang = lang or self.lang
        cmd = [self.procspec] + (["--lang", lang] if lang else []) + list(args)
        r = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, **(env or {})))
        if expect is not None and r.returncode != expect:
            self.failures.append(f"procspec {' '.join(args)}: exit {r.returncode}, expected {expect}\n{r.stderr}")
        return r

    def variant(self, name, *subs, base="samples/e-application.yaml"):
        """A copy of the sample BASE in the scratch folder, NAME.yaml, with
        each (old, new) pair of SUBS replaced (OLD must be in it)."""
        text = open(os.path.join(self.src, base), encoding="utf-8").read()
        for a, b in subs:
            assert a in text, a
            text = text.replace(a, b)
        path = os.path.join(self.work, name + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path
