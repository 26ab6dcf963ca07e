# Sourced by the language tests (i18n.sh, i18n_corpus.sh): whether a
# message or help text printed in Japanese mode still holds English.

# The message itself: no location prefix, no quoted values, no file paths
# (a word with a slash), option names, key paths (a.b, a[].b, a[0]).
ja_strip() {
  sed -E "s/^[^ ]*:[0-9]+:[0-9]+: //; s/^[^ ]*: //; s/'[^']*'//g; s/「[^」]*」//g; s/\"[^\"]*\"//g" |
    sed -E 's#[^ 　（）「」、。：]*/[^ 　（）「」、。：]*##g; s/(^|[^A-Za-z0-9_-])--?[a-z][a-z-]*/\1/g' |
    sed -E 's/[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_0-9][A-Za-z0-9_]*|\[[0-9]*\])+//g'
}

# Names that are written in English in Japanese text too: procspec's
# markers and commands, the Markdown comment that starts a clause, product
# and format names, a YAML example, a command to type.
JA_ALLOWED='apt-get install [a-z-]+|procspec[: ][a-z]+|<!--[^>]*-->|CSV UTF-8|ISMAP-LIU|country: JP|LibreOffice (Writer|Calc)|JSON Schema|YYYY-MM-DD'

# The lines of standard input (after ja_strip) with a run of English: two
# ASCII words of two or more letters in a row (a-b is one word).
ja_english() {
  sed -E "s/$JA_ALLOWED//g" | LC_ALL=C.UTF-8 grep -P '(?<![A-Za-z])[A-Za-z]{2,}(?:[ ,;:()/]+[A-Za-z]{2,})+'
}
