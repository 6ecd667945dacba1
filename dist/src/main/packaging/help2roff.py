"""The option list of `netconn --help` (standard input) as man-page paragraphs (standard output).

An option line starts with two to six spaces and a dash ("  -u, --user DOMAIN\\user   Log on ..."), its
description continues on lines indented to the description column; everything else (usage,
prose, examples) is left to the man page's own sections.
"""
import re
import sys

OPTION = re.compile(r"^ {2,6}(-\S.*?)(?:\s{2,}(\S.*))?$")


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


paragraphs = []
lines = sys.stdin.read().splitlines()
in_options = False
for line in lines:
    if line.startswith("Arguments and options:") or line.startswith("Options:"):
        in_options = True
        continue
    if not in_options:
        continue
    m = OPTION.match(line)
    if m:
        paragraphs.append([m.group(1).strip(), [m.group(2)] if m.group(2) else []])
    elif paragraphs and line.startswith(" " * 8) and line.strip():
        paragraphs[-1][1].append(line.strip())
    elif line.strip() and not line.startswith(" "):
        in_options = False  # the next section (examples, ...)
for names, text in paragraphs:
    print(".TP")
    print("\\fB" + roff(names) + "\\fR")
    print(roff(" ".join(text)))
