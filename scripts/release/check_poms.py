"""Each published POM, with what it inherits from its parents, carries what Maven Central requires.

  check_poms.py LOCAL_REPO VERSION MODULE...
Reads the POMs as installed in the local repository (what a consumer and Central get), follows
<parent> through the repository, and checks: name, description, url, a licence, a developer,
scm url and connection; the jar, sources and Javadoc beside each module; netconn-bom without a
parent, listing every module at VERSION.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
GROUP = "io.github.netconn"


def pom(repo, group, artifact, version):
    path = Path(repo, *group.split("."), artifact, version, f"{artifact}-{version}.pom")
    if not path.is_file():
        sys.exit(f"check-release: {path} is not installed")
    return path, ET.parse(path).getroot()


def text(root, path):
    node = root.find(path, NS)
    return node.text.strip() if node is not None and node.text and node.text.strip() else None


def inherited(repo, root, path):
    """The first value of path in the POM or its parents."""
    while root is not None:
        value = text(root, path)
        if value:
            return value
        parent = root.find("m:parent", NS)
        if parent is None:
            return None
        _, root = pom(repo, text(parent, "m:groupId"), text(parent, "m:artifactId"), text(parent, "m:version"))
    return None


def main(repo, version, modules):
    problems = []
    artifacts = []
    for module in modules:
        artifact = f"netconn-{module}"
        artifacts.append(artifact)
        path, root = pom(repo, GROUP, artifact, version)
        for field in ("m:name", "m:description", "m:url", "m:licenses/m:license/m:name", "m:licenses/m:license/m:url",
                      "m:developers/m:developer/m:name", "m:scm/m:url", "m:scm/m:connection"):
            if not inherited(repo, root, field):
                problems.append(f"{artifact}: no {field.replace('m:', '')}")
        for classifier in ("", "-sources", "-javadoc"):
            jar = path.with_name(f"{artifact}-{version}{classifier}.jar")
            if not jar.is_file() or jar.stat().st_size == 0:
                problems.append(f"{artifact}: no {jar.name}")
    _, bom = pom(repo, GROUP, "netconn-bom", version)
    if bom.find("m:parent", NS) is not None:
        problems.append("netconn-bom: has a parent, whose dependencyManagement a consumer would import too")
    for field in ("m:name", "m:description", "m:url", "m:licenses/m:license/m:name", "m:developers/m:developer/m:name",
                  "m:scm/m:url"):
        if not text(bom, field):
            problems.append(f"netconn-bom: no {field.replace('m:', '')}")
    managed = {text(d, "m:artifactId"): text(d, "m:version")
               for d in bom.findall("m:dependencyManagement/m:dependencies/m:dependency", NS)}
    for artifact in artifacts:
        if artifact not in managed:
            problems.append(f"netconn-bom: does not list {artifact}")
        elif managed[artifact] not in (version, "${project.version}"):
            problems.append(f"netconn-bom: {artifact} at {managed[artifact]}, not {version}")
    if problems:
        sys.exit("check-release:\n  " + "\n  ".join(problems))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
