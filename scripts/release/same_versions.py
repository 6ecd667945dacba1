"""A consumer resolves the versions the modules were tested with.

  same_versions.py CONSUMER_LIST MODULE_LIST...
Each file is the output of `mvn dependency:list -DincludeScope=runtime -DoutputFile=...`. Every
artifact the consumer resolves that a module also uses must have the module's version; the
consumer must resolve BouncyCastle at all (it is what dependencyManagement alone would not give).
"""
import re
import sys

LINE = re.compile(r"^\s+([\w.\-]+):([\w.\-]+):(?:[\w\-]+:)+?([\w.\-]+):(compile|runtime|provided|system)")


def read(path):
    found = {}
    for line in open(path, encoding="utf-8"):
        m = LINE.match(line)
        if m:
            found[f"{m.group(1)}:{m.group(2)}"] = m.group(3)
    return found


consumer = read(sys.argv[1])
problems = []
for path in sys.argv[2:]:
    for artifact, version in read(path).items():
        if artifact in consumer and consumer[artifact] != version:
            problems.append(f"{artifact}: the consumer gets {consumer[artifact]}, {path} was tested with {version}")
if "org.bouncycastle:bcprov-jdk18on" not in consumer:
    problems.append("the consumer resolves no BouncyCastle at all")
if problems:
    sys.exit("check-release:\n  " + "\n  ".join(problems))
print("check-release: the consumer resolves " + ", ".join(f"{a}:{v}" for a, v in sorted(consumer.items())
                                                         if not a.startswith("io.github.netconn")))
