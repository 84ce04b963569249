#!/usr/bin/env python3
"""Runs the shell steps of action.yml the way a GitHub runner does, on this
machine: each `run:` with bash -e, its `env:` with ${{ inputs.X }} and
${{ github.action_path }} filled in, `if: inputs.X == 'true'` honoured,
GITHUB_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files handled between
steps. `uses:` steps are listed, not run.

usage: run-action.py ACTION_YML WORKSPACE [NAME=VALUE...]
Prints one line per step ("ran NAME", "skipped NAME", "uses NAME ACTION
PATH") and exits with the status of the first failing step (0 if none)."""
import os
import re
import subprocess
import sys

import yaml


def main():
    action_path, workspace = sys.argv[1], os.path.abspath(sys.argv[2])
    given = dict(a.split("=", 1) for a in sys.argv[3:])
    with open(action_path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    for k, v in given.items():
        if k not in inputs:
            sys.exit(f"run-action: no input named {k}")
        inputs[k] = v
    root = os.path.dirname(os.path.abspath(action_path))
    tmp = os.path.join(workspace, ".runner")
    os.makedirs(tmp, exist_ok=True)
    files = {n: os.path.join(tmp, n) for n in ("path", "output", "summary")}
    for p in files.values():
        open(p, "w").close()
    env = dict(os.environ, RUNNER_TEMP=tmp, GITHUB_PATH=files["path"],
               GITHUB_OUTPUT=files["output"], GITHUB_STEP_SUMMARY=files["summary"],
               GITHUB_WORKSPACE=workspace)

    def expand(value):
        def one(m):
            expr = m.group(1).strip()
            if expr == "github.action_path":
                return root
            if expr.startswith("inputs."):
                return inputs[expr[len("inputs."):]]
            sys.exit(f"run-action: cannot evaluate ${{{{ {expr} }}}}")
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))

    for step in action["runs"]["steps"]:
        name = step.get("name", "?")
        cond = step.get("if")
        if cond:
            m = re.fullmatch(r"\s*inputs\.(\w[\w-]*)\s*==\s*'([^']*)'\s*", cond)
            if not m:
                sys.exit(f"run-action: cannot evaluate if: {cond}")
            if inputs[m.group(1)] != m.group(2):
                print(f"skipped {name}")
                continue
        if "uses" in step:
            with_ = {k: expand(v) for k, v in step.get("with", {}).items()}
            print(f"uses {name} {step['uses']} {with_.get('path', '')}")
            continue
        step_env = dict(env)
        for k, v in step.get("env", {}).items():
            step_env[k] = expand(v)
        # earlier steps' GITHUB_PATH entries come first, as on a runner
        with open(files["path"], encoding="utf-8") as f:
            extra = [l.strip() for l in f if l.strip()]
        step_env["PATH"] = os.pathsep.join(list(reversed(extra)) + [env["PATH"]])
        shell = step.get("shell")
        if shell != "bash":
            sys.exit(f"run-action: step {name} has shell {shell!r}, expected bash")
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step["run"])],
                           cwd=workspace, env=step_env)
        if r.returncode != 0:
            print(f"failed {name} (exit {r.returncode})")
            return r.returncode
        print(f"ran {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
