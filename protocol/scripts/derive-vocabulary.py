#!/usr/bin/env python3
"""Derive the gitops command vocabulary from the Weave GitOps sources, release by release.

Usage:
    python3 protocol/scripts/derive-vocabulary.py WEAVE_GITOPS_GIT_DIR [--from v0.6.0]
        [--to v0.38.0] [--include-prereleases | --prereleases-with-new-commands]
        [--builds-on MODULE=GIT_DIR ...] [--asset-name NAME] [--tree TAG]
        > protocol/assets/commands.toml

The two editions of the CLI, as the assets are made:

    python3 protocol/scripts/derive-vocabulary.py <weave-gitops> \
        --prereleases-with-new-commands > protocol/assets/commands.toml
    python3 protocol/scripts/derive-vocabulary.py <weave-gitops-enterprise> \
        --from v0.9.1 --to v0.38.1 --prereleases-with-new-commands \
        --asset-name commands-enterprise.toml \
        --builds-on github.com/weaveworks/gitopssets-controller=<gitopssets-controller> \
        --builds-on github.com/weaveworks/weave-gitops=<weave-gitops> \
        > protocol/assets/commands-enterprise.toml

The enterprise CLI (github.com/weaveworks/weave-gitops-enterprise, cmd/gitops/app/, from
v0.9.1; also named gitops) is built on the weave-gitops commands: `--builds-on` names a module
it imports and a clone of it, read at the revision each release's go.mod requires (a tag, or a
pseudo-version's commit). The module read first is the one its go.mod declares.
`--prereleases-with-new-commands` adds the pre-release tags (`-rc.1`) whose tree had a command
path no release in the range had (weave-gitops v0.9.1-rc.1 and rc.2 had `create tenants`).

WEAVE_GITOPS_GIT_DIR is a clone of github.com/weaveworks/weave-gitops (its work tree or its
git directory; a bare clone is enough): the script only runs `git tag`, `git ls-tree` and
`git show`. Only the Python 3 standard library is used. Its test,
protocol/tests/derive_vocabulary.rs (run by `cargo test`), derives the vocabulary of two small
releases in protocol/tests/fixtures/derive-vocabulary/ and compares it with the commands.toml
there.

What it reads, for every release tag vX.Y.Z in the range (tags with a suffix such as
`-rc.1` or `-patch1` are skipped unless --include-prereleases is given):

* every non-test Go file under cmd/gitops/ and pkg/ that the command constructors reach,
  and go.mod (for the versions of github.com/spf13/cobra and k8s.io/cli-runtime);
* the root command is the value returned by the function that cmd/gitops/main.go calls
  (root.RootCmd); from there the script *evaluates* the constructor code: the statements of
  the called functions and of every init() of a referenced package, in order, with a small
  environment of local variables. Function literals (Run, RunE, PreRunE, ... closures) are
  never entered: anything they do happens after cobra has parsed the command line;
* `&cobra.Command{...}` literals: Use (the command name is its first word, as cobra's
  Name()), Aliases, Run/RunE (runnable), Hidden, DisableFlagParsing, Args;
* `X.AddCommand(a, b, ...)`, where each argument is a local variable, a package variable
  (`pkg.Cmd`, evaluated with its package's init() functions) or a call of a constructor
  (`pkg.Func(...)`, `Func(...)`), with its parameters bound to the arguments given;
* flag registrations on `X.Flags()`, `X.PersistentFlags()` or a variable holding either
  (`cmdFlags := cmd.Flags()`), through any pflag method: the long name, the shorthand of the
  `...P` methods, and whether the flag takes a value (every type but Bool and Count takes
  one; a later `Lookup(name).NoOptDefVal = ...` makes a flag value-less, as cobra's
  stripFlags sees it). Names given as constants are resolved from the package's consts;
* kubeconfig flag sets: a `*genericclioptions.ConfigFlags` made by NewConfigFlags (directly
  or via a helper such as pkg/run.GetKubeConfigArgs, whose `x.Field = nil` lines are
  evaluated), then `x.AddFlags(flagset)`: the flags of the fields still set, with the names
  of k8s.io/cli-runtime's config_flags.go; `--disable-compression` exists from cli-runtime
  v0.26.0, as read from go.mod;
* cobra's own commands: `help` (runnable, every release: InitDefaultHelpCmd) and
  `completion` with `bash`, `zsh`, `fish`, `powershell` (each with `--no-descriptions`) for
  cobra >= v1.2.0 (initDefaultCompletionCmd / InitDefaultCompletionCmd), unless the root
  sets CompletionOptions.DisableDefaultCmd or defines its own `completion`. cobra's hidden
  `__complete` command (alias `__completeNoDesc`, DisableFlagParsing) is listed too: cobra
  adds it for a run only when it is the first command word, and it runs the root's hooks.
* `--help`/`-h` are listed apart (`help_flags`): cobra adds them to a command only in
  execute(), after Find, so while cobra walks to the command they are unknown flags that
  swallow the next word; once parsed they end the run in help.

Output (protocol/assets/commands.toml, read by protocol/src/vocabulary): one TOML table per
command path, sorted. At the top: `release_tags` (every release tag read, in order: the releases a
range "a..b" spans), `cobra` (the cobra version of each release, from go.mod) and the root's
own keys. In every table: `releases` (the ranges in which the command existed, "a..b" over
`release_tags`, inclusive; a lone tag alone), `runnable` (false for a group, a list of
ranges when it had Run/RunE only in some releases, omitted when always runnable),
`disable_flag_parsing` (true, or the ranges, when cobra does not parse its flags), aliases,
and the flags as the union over the releases, split into local (value_flags / bool_flags)
and persistent (persistent_value_flags / persistent_bool_flags) ones; a one-letter form
listed right after a long form is that flag's shorthand. `flag_releases` gives the ranges of
a flag form registered in fewer releases than its command existed in (a shorthand not named
there follows its long form; `"--long/-x"` is the shorthand -x of --long, for a letter
several flags of a command had in turn); `flag_types` the pflag type of a flag whose type is not the
usual one of its list (String for value flags, Bool for the others), since pflag rejects a
value its type cannot parse; a flag whose type changed between releases gets a table of each
type with its ranges. The script stops with an error if a flag of a command took a value in
some releases and none in others, or was local in some and persistent in others (one table
cannot say that).

Known limits (the script prints a warning to stderr whenever it meets one):

* it is a pattern-level evaluator, not a Go compiler: it follows straight-line constructor
  code, `if`/`for`/`switch` blocks (all branches, as a union), calls of functions of the
  module and package variables; it does not follow methods, goroutines, reflection, maps
  or slices of commands, or flags added inside Run/PreRun closures (correctly ignored for
  parsing, since they are added after cobra parsed the line);
* a name or Use built at run time (concatenation, fmt.Sprintf of values it cannot know) is
  reported and skipped; fmt.Sprintf with %s/%v of known strings (a constructor's argument,
  as gitopssets-controller's NewGenerateCommand("gitopsset")) is evaluated;
* a flag local in some releases and persistent in others is read as persistent where the
  command had no subcommand (the two parse alike there); elsewhere the script stops;
* flag sets added with AddFlagSet/AddGoFlagSet from outside the module, and SetInterspersed,
  are only reported;
* when a local flag of a command has the name of a persistent flag of an ancestor, cobra
  uses the local one at that command (mergePersistentFlags skips names already present);
  the file lists both where they were registered and the reader must apply that rule.
"""

import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

MODULE = "github.com/weaveworks/weave-gitops"
DEFAULT_FROM = "v0.6.0"
DEFAULT_TO = "v0.38.0"

# k8s.io/cli-runtime pkg/genericclioptions/config_flags.go, ConfigFlags.AddFlags: field ->
# (long name, shorthand, takes a value, cli-runtime version that added the field)
CONFIG_FLAGS = {
    "KubeConfig": ("kubeconfig", "", True, (0, 0, 0)),
    "CacheDir": ("cache-dir", "", True, (0, 0, 0)),
    "CertFile": ("client-certificate", "", True, (0, 0, 0)),
    "KeyFile": ("client-key", "", True, (0, 0, 0)),
    "BearerToken": ("token", "", True, (0, 0, 0)),
    "Impersonate": ("as", "", True, (0, 0, 0)),
    "ImpersonateUID": ("as-uid", "", True, (0, 22, 0)),
    "ImpersonateGroup": ("as-group", "", True, (0, 0, 0)),
    "Username": ("username", "", True, (0, 0, 0)),
    "Password": ("password", "", True, (0, 0, 0)),
    "ClusterName": ("cluster", "", True, (0, 0, 0)),
    "AuthInfoName": ("user", "", True, (0, 0, 0)),
    "Namespace": ("namespace", "n", True, (0, 0, 0)),
    "Context": ("context", "", True, (0, 0, 0)),
    "APIServer": ("server", "s", True, (0, 0, 0)),
    "TLSServerName": ("tls-server-name", "", True, (0, 0, 0)),
    "Insecure": ("insecure-skip-tls-verify", "", False, (0, 0, 0)),
    "CAFile": ("certificate-authority", "", True, (0, 0, 0)),
    "Timeout": ("request-timeout", "", True, (0, 0, 0)),
    "DisableCompression": ("disable-compression", "", False, (0, 26, 0)),
}
# NewConfigFlags leaves Username and Password nil (WithDeprecatedPasswordFlag sets them).
CONFIG_FLAGS_UNSET_BY_DEFAULT = {"Username", "Password"}

WARNINGS = []


def warn(msg):
    WARNINGS.append(msg)


# --------------------------------------------------------------------------- git


def git(gitdir, *args):
    return subprocess.run(
        ["git", "--git-dir", gitdir, *args], check=True, capture_output=True
    ).stdout


def parse_tag(tag):
    m = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)(-.+)?", tag)
    if not m:
        return None
    return (int(m[1]), int(m[2]), int(m[3])), m[4] or ""


def tag_key(tag):
    (nums, pre) = parse_tag(tag)
    # a pre-release sorts before its release; suffixes compare as text
    return (nums, 0 if pre else 1, pre)


def release_tags(gitdir, first, last, prereleases):
    tags = [t for t in git(gitdir, "tag").decode().split() if parse_tag(t)]
    lo, hi = tag_key(first), tag_key(last)
    out = []
    for t in tags:
        if not prereleases and parse_tag(t)[1]:
            continue
        if lo <= tag_key(t) <= hi:
            out.append(t)
    return sorted(out, key=tag_key)


def version_tuple(text):
    m = re.match(r"v?(\d+)\.(\d+)\.(\d+)", text or "")
    return tuple(int(x) for x in m.groups()) if m else None


def gomod_module(gomod):
    """The module path go.mod declares."""
    m = re.search(r"^module\s+(\S+)", gomod, re.M)
    return m[1] if m else None


def module_revision(version):
    """The git revision of a required module version: its tag, or a pseudo-version's commit."""
    m = re.fullmatch(r"v\d+\.\d+\.\d+-(?:.*\.)?\d{14}-([0-9a-f]{12})", version)
    return m[1] if m else version


def gomod_version(gomod, module):
    """The version of `module` in go.mod, after replace directives."""
    ver = None
    for line in gomod.splitlines():
        line = line.split("//")[0].strip()
        m = re.match(r"(?:require\s+)?" + re.escape(module) + r"\s+(v\S+)$", line)
        if m:
            ver = m[1]
    for line in gomod.splitlines():
        m = re.match(
            r"(?:replace\s+)?" + re.escape(module) + r"(?:\s+v\S+)?\s+=>\s+(\S+)\s+(v\S+)",
            line.strip(),
        )
        if m and m[1] == module:
            ver = m[2]
    return ver


# --------------------------------------------------------------------------- Go text


class GoFile:
    """A Go file with comments removed and string literals replaced by placeholders."""

    def __init__(self, path, text):
        self.path = path
        self.strings = []
        self.code = self._mask(text)
        self.package = (re.search(r"\bpackage\s+(\w+)", self.code) or [None, ""])[1]

    def _mask(self, s):
        out = []
        i, n = 0, len(s)
        while i < n:
            c = s[i]
            if s.startswith("//", i):
                j = s.find("\n", i)
                j = n if j < 0 else j
                i = j
            elif s.startswith("/*", i):
                j = s.find("*/", i + 2)
                j = n if j < 0 else j + 2
                out.append("\n" * s.count("\n", i, j) or " ")
                i = j
            elif c == "`":
                j = s.find("`", i + 1)
                j = n if j < 0 else j
                out.append(self._placeholder(s[i + 1 : j]))
                out.append("\n" * s.count("\n", i, j))
                i = j + 1
            elif c == '"':
                j = i + 1
                buf = []
                while j < n and s[j] != '"' and s[j] != "\n":
                    if s[j] == "\\" and j + 1 < n:
                        buf.append(s[j : j + 2])
                        j += 2
                    else:
                        buf.append(s[j])
                        j += 1
                out.append(self._placeholder(go_unquote("".join(buf))))
                i = j + 1
            elif c == "'":
                j = i + 1
                while j < n and s[j] != "'":
                    j += 2 if s[j] == "\\" else 1
                out.append("0")
                i = j + 1
            else:
                out.append(c)
                i += 1
        return "".join(out)

    def _placeholder(self, value):
        self.strings.append(value)
        return "__S%d__" % (len(self.strings) - 1)

    def string(self, token):
        """The value of a placeholder token, or None."""
        m = re.fullmatch(r"\s*__S(\d+)__\s*", token)
        return self.strings[int(m[1])] if m else None


def go_unquote(body):
    simple = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "'": "'"}
    return re.sub(r"\\(.)", lambda m: simple.get(m[1], m[1]), body)


OPEN = {"(": ")", "[": "]", "{": "}"}


def match_close(code, i):
    """Index of the bracket closing the one at code[i]."""
    stack = []
    for j in range(i, len(code)):
        c = code[j]
        if c in OPEN:
            stack.append(OPEN[c])
        elif c in ")]}":
            if not stack or stack.pop() != c:
                raise ValueError("unbalanced %r at %d" % (c, j))
            if not stack:
                return j
    raise ValueError("unclosed bracket at %d" % i)


def split_top(text, seps):
    """Split at depth-0 separators (characters in seps)."""
    parts, depth, cur = [], 0, []
    for c in text:
        if c in OPEN:
            depth += 1
        elif c in ")]}":
            depth -= 1
        if depth == 0 and c in seps:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    parts.append("".join(cur))
    return parts


def statements(body):
    """Statements of a block body (without its braces), at depth 0."""
    out, depth, cur = [], 0, []
    for c in body:
        if c in OPEN:
            depth += 1
        elif c in ")]}":
            depth -= 1
        if depth == 0 and c == ";" and re.match(r"\s*(if|for|switch)\b", "".join(cur)):
            cur.append(c)  # the init clause of a control statement
        elif depth == 0 and c in "\n;":
            stmt = "".join(cur).strip()
            if stmt and re.search(r"([.,+]|&&|\|\||=|:=)$", stmt):
                cur.append(" ")  # the statement goes on on the next line
                continue
            if stmt:
                out.append(stmt)
            cur = []
        else:
            cur.append(c)
    stmt = "".join(cur).strip()
    if stmt:
        out.append(stmt)
    return out


def mask_nested(text):
    """Replace the insides of bracketed groups by spaces (keeps top-level shape)."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c in OPEN:
            j = match_close(text, i)
            out.append(c + " " * (j - i - 1) + text[j])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_parts(expr):
    """For `callee(args)`, return (callee, [args]) when the whole expr is one call."""
    expr = expr.strip()
    if not expr.endswith(")"):
        return None
    depth = 0
    for i in range(len(expr) - 1, -1, -1):
        c = expr[i]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            depth -= 1
            if depth == 0:
                if c != "(":
                    return None
                callee = expr[:i].strip()
                inner = expr[i + 1 : -1]
                args = [a.strip() for a in split_top(inner, ",")] if inner.strip() else []
                return callee, args
    return None


# --------------------------------------------------------------------------- model


class Command:
    def __init__(self, origin):
        self.origin = origin
        self.use = None
        self.aliases = []
        self.runnable = False
        self.hidden = False
        self.disable_flag_parsing = False
        self.args = None
        self.flags = {}  # long name -> dict(short, value, persistent)
        self.children = []
        self.parent = None
        self.completion_disabled = False
        self.hooks = set()  # PreRun, PostRun, PersistentPreRun, ... fields that are set
        self.required = set()  # flags marked required

    @property
    def name(self):
        return self.use.split(" ")[0] if self.use else None

    def add_flag(self, name, short, value, persistent, where, kind=None):
        old = self.flags.get(name)
        if old and (old["value"] != value or old["persistent"] != persistent):
            warn("%s: flag --%s registered twice with different kinds" % (where, name))
        self.flags[name] = {"short": short, "value": value, "persistent": persistent,
                            "type": kind or ("String" if value else "Bool")}


class FlagSetRef:
    def __init__(self, command, persistent):
        self.command = command
        self.persistent = persistent


class ConfigFlags:
    def __init__(self, cli_runtime):
        self.fields = {
            f
            for f, (_, _, _, since) in CONFIG_FLAGS.items()
            if f not in CONFIG_FLAGS_UNSET_BY_DEFAULT and cli_runtime >= since
        }


class FuncRef:
    def __init__(self, pkg, name):
        self.pkg, self.name = pkg, name


class Package:
    def __init__(self, path):
        self.path = path
        self.files = []
        self.name = None
        self.funcs = {}  # name -> (file, params, body)
        self.vars = {}  # name -> (file, expr or None)
        self.consts = {}  # name -> string value
        self.inits = []  # (file, body)
        self.var_values = {}
        self.initialized = False


# --------------------------------------------------------------------------- evaluator


class Tree:
    """Evaluates one tag's constructor code into a command tree."""

    def __init__(self, gitdir, tag, modules=None):
        self.gitdir = gitdir
        self.tag = tag
        self.gomod = git(gitdir, "show", "%s:go.mod" % tag).decode()
        self.cobra = version_tuple(gomod_version(self.gomod, "github.com/spf13/cobra"))
        self.cli_runtime = version_tuple(
            gomod_version(self.gomod, "k8s.io/cli-runtime") or "v0.0.0"
        )
        self.module = gomod_module(self.gomod) or MODULE
        # import path of a package directory -> [(git dir, revision, file path)]
        self.paths = defaultdict(list)
        self.read_module(self.module, gitdir, tag)
        # the modules this one builds on (the enterprise CLI on weave-gitops), each read at
        # the revision this release's go.mod requires
        self.required = {}
        for module, dep_gitdir in (modules or {}).items():
            version = gomod_version(self.gomod, module)
            if version is None:
                continue  # not (yet, or any longer) a dependency of this release
            self.required[module] = version
            self.read_module(module, dep_gitdir, module_revision(version))
        self.packages = {}
        self.depth = 0

    def read_module(self, module, gitdir, rev):
        names = git(gitdir, "ls-tree", "-r", "--name-only", rev, "cmd", "pkg").decode()
        for p in names.split("\n"):
            if p.endswith(".go") and not p.endswith("_test.go"):
                self.paths[module + "/" + p.rsplit("/", 1)[0]].append((gitdir, rev, p))

    def modules(self):
        return [self.module] + sorted(self.required)

    def display_path(self, directory, path):
        """A file as warnings and notes name it: a required module's with its module path."""
        if directory.startswith(self.module + "/"):
            return path
        module = next(m for m in self.required if directory.startswith(m + "/"))
        return "%s@%s/%s" % (module, self.required[module], path)

    # ---- loading

    def package(self, directory):
        if directory in self.packages:
            return self.packages[directory]
        pkg = Package(directory)
        self.packages[directory] = pkg
        for gitdir, rev, path in self.paths.get(directory, []):
            text = git(gitdir, "show", "%s:%s" % (rev, path)).decode("utf-8", "replace")
            f = GoFile(self.display_path(directory, path), text)
            if re.search(r"//\s*\+build\s+ignore|//go:build\s+ignore", text):
                continue
            pkg.files.append(f)
            pkg.name = pkg.name or f.package
            self._declarations(pkg, f)
        return pkg

    def _declarations(self, pkg, f):
        code = f.code
        f.imports = {}
        for m in re.finditer(r"\bimport\s*(\((.*?)\)|(\w+\s+)?__S\d+__)", code, re.S):
            specs = m[2].split("\n") if m[2] is not None else [m[1]]
            for spec in specs:
                sm = re.match(r"\s*([\w.]+\s+)?(__S\d+__)", spec)
                if not sm:
                    continue
                path = f.string(sm[2])
                alias = (sm[1] or "").strip()
                f.imports[alias or ("" + path)] = path
        i = 0
        while i < len(code):
            m = re.compile(r"\b(func|var|const)\b").search(code, i)
            if not m:
                break
            if self._depth_at(code, m.start()) != 0:
                i = m.end()
                continue
            kw = m[1]
            j = m.end()
            if kw == "func":
                fm = re.compile(r"\s*(\([^)]*\)\s*)?(\w+)\s*\(").match(code, j)
                if not fm:
                    i = j
                    continue
                method = bool(fm[1])
                name = fm[2]
                pstart = fm.end() - 1
                pend = match_close(code, pstart)
                params = code[pstart + 1 : pend]
                k = pend + 1
                while k < len(code) and code[k] != "{":
                    if code[k] in "([":
                        k = match_close(code, k)
                    k += 1
                bend = match_close(code, k)
                body = code[k + 1 : bend]
                if not method:
                    if name == "init":
                        pkg.inits.append((f, body))
                    else:
                        pkg.funcs[name] = (f, param_names(params), body)
                i = bend + 1
            else:
                k = j
                while code[k] in " \t":
                    k += 1
                if code[k] == "(":
                    end = match_close(code, k)
                    specs = statements(code[k + 1 : end])
                    i = end + 1
                else:
                    end = self._stmt_end(code, k)
                    specs = [code[k:end]]
                    i = end
                for spec in specs:
                    sm = re.match(r"([\w\s,]+?)(?:\s+[^=]+?)?\s*(?:=\s*(.*))?$", spec.strip(), re.S)
                    if not sm:
                        continue
                    names = [x.strip() for x in sm[1].split(",")]
                    values = split_top(sm[2], ",") if sm[2] else [None] * len(names)
                    for nm, val in zip(names, values):
                        if kw == "const":
                            s = f.string(val) if val else None
                            if s is not None:
                                pkg.consts[nm] = s
                        else:
                            pkg.vars[nm] = (f, val.strip() if val else None)

    @staticmethod
    def _depth_at(code, pos):
        depth = 0
        for c in code[:pos]:
            if c in OPEN:
                depth += 1
            elif c in ")]}":
                depth -= 1
        return depth

    @staticmethod
    def _stmt_end(code, k):
        depth = 0
        for j in range(k, len(code)):
            c = code[j]
            if c in OPEN:
                depth += 1
            elif c in ")]}":
                depth -= 1
            elif c == "\n" and depth == 0:
                if not re.search(r"([.,+=]|&&|\|\|)\s*$", code[k:j]):
                    return j
        return len(code)

    def import_dir(self, f, alias):
        """The module directory of an import alias of file f, or None."""
        for key, path in f.imports.items():
            if not any(path.startswith(m + "/") for m in self.modules()):
                continue
            directory = path
            if key == alias:
                return directory
            if key == path:
                pkg = self.package(directory)
                if pkg.name == alias:
                    return directory
        return None

    def external_alias(self, f, alias):
        for key, path in f.imports.items():
            if key == alias or (key == path and path.rsplit("/", 1)[-1] == alias):
                return path
        return None

    # ---- package variables

    def init_package(self, pkg):
        if pkg.initialized:
            return
        pkg.initialized = True
        for f, body in pkg.inits:
            self.run_block(body, {}, pkg, f)

    def package_var(self, pkg, name):
        if name not in pkg.vars:
            return None
        if name not in pkg.var_values:
            f, expr = pkg.vars[name]
            pkg.var_values[name] = None
            pkg.var_values[name] = self.eval(expr, {}, pkg, f) if expr else None
            self.init_package(pkg)
        return pkg.var_values[name]

    # ---- evaluation

    def call(self, pkg, name, args, env, f):
        if name not in pkg.funcs:
            return None
        self.depth += 1
        if self.depth > 40:
            warn("%s: call depth exceeded at %s.%s" % (self.tag, pkg.path, name))
            self.depth -= 1
            return None
        ff, params, body = pkg.funcs[name]
        values = [self.eval(a, env, pkg if ff is f else pkg, f) for a in args]
        local = {p: v for p, v in zip(params, values)}
        self.init_package(pkg)
        result = self.run_block(body, local, pkg, ff)
        self.depth -= 1
        return result

    def eval(self, expr, env, pkg, f):
        if expr is None:
            return None
        e = expr.strip()
        while e.startswith("(") and e.endswith(")") and match_close(e, 0) == len(e) - 1:
            e = e[1:-1].strip()
        if re.match(r"&?\s*cobra\.Command\s*\{", e):
            return self.command_literal(e[e.index("{") :], pkg, f, env)
        if e == "nil":
            return None
        if re.match(r"\[\]string\s*\{", e) and e.endswith("}"):
            return [self.string_value(x, pkg, f, env) for x in split_top(e[e.index("{") + 1 : -1], ",") if x.strip()]
        if f.string(e) is not None:
            return f.string(e)
        if re.fullmatch(r"\w+", e):
            if e in env:
                return env[e]
            if e in pkg.vars:
                return self.package_var(pkg, e)
            if e in pkg.funcs:
                return FuncRef(pkg, e)
            return None
        m = re.fullmatch(r"(\w+)\.(\w+)", e)
        if m:
            d = self.import_dir(f, m[1])
            if d:
                p = self.package(d)
                if m[2] in p.vars:
                    return self.package_var(p, m[2])
            return None
        cp = call_parts(e)
        if cp:
            callee, args = cp
            m = re.fullmatch(r"(.+)\.(Flags|PersistentFlags|LocalFlags|LocalNonPersistentFlags)", callee)
            if m and not args:
                target = self.eval(m[1], env, pkg, f)
                if isinstance(target, Command):
                    return FlagSetRef(target, m[2] == "PersistentFlags")
                return None
            m = re.fullmatch(r"(\w+)\.(\w+)", callee)
            if m:
                ext = self.external_alias(f, m[1])
                if ext == "k8s.io/cli-runtime/pkg/genericclioptions" and m[2] == "NewConfigFlags":
                    return ConfigFlags(self.cli_runtime)
                d = self.import_dir(f, m[1])
                if d:
                    return self.call(self.package(d), m[2], args, env, f)
                # a method call whose result we do not model
                self.statement_call(e, env, pkg, f)
                return None
            if re.fullmatch(r"\w+", callee):
                target = env.get(callee)
                if isinstance(target, FuncRef):
                    return self.call(target.pkg, target.name, args, env, f)
                return self.call(pkg, callee, args, env, f)
            self.statement_call(e, env, pkg, f)
        return None

    def command_literal(self, lit, pkg, f, env=None):
        cmd = Command("%s@%s" % (f.path, self.tag))
        inner = lit.strip()[1:-1]
        for field in split_top(inner, ","):
            fm = re.match(r"\s*(\w+)\s*:\s*(.*)$", field, re.S)
            if not fm:
                continue
            key, val = fm[1], fm[2].strip()
            if key == "Use":
                s = self.string_value(val, pkg, f, env)
                if s is None:
                    warn("%s: Use is not a literal: %s" % (cmd.origin, val[:60]))
                cmd.use = s
            elif key == "Aliases":
                cmd.aliases = [
                    f.string(x) for x in re.findall(r"__S\d+__", val) if f.string(x) is not None
                ]
            elif key in ("Run", "RunE"):
                cmd.runnable = val != "nil"
            elif key in ("PreRun", "PreRunE", "PostRun", "PostRunE", "PersistentPreRun",
                         "PersistentPreRunE", "PersistentPostRun", "PersistentPostRunE"):
                if val != "nil":
                    cmd.hooks.add(key)
            elif key == "Hidden":
                cmd.hidden = val == "true"
            elif key == "DisableFlagParsing":
                cmd.disable_flag_parsing = val == "true"
            elif key == "Args":
                cmd.args = re.sub(r"\s+", " ", mask_nested(val) if "func" in val else val)
            elif key == "TraverseChildren" and val == "true":
                warn("%s: TraverseChildren is set; cobra then uses Traverse, not Find" % cmd.origin)
        return cmd

    def statement_call(self, stmt, env, pkg, f):
        """Expression statements: AddCommand, flag registrations, AddFlags."""
        cp = call_parts(stmt)
        if not cp:
            return
        callee, args = cp
        if callee in ("cobra.CheckErr", "_") and args:
            return self.statement_call(args[0], env, pkg, f)
        m = re.fullmatch(r"(.+)\.(\w+)", callee, re.S)
        if not m:
            if re.fullmatch(r"\w+", callee):
                self.eval(stmt, env, pkg, f)
            return
        recv_expr, method = m[1], m[2]
        if method == "AddCommand":
            parent = self.eval(recv_expr, env, pkg, f)
            if not isinstance(parent, Command):
                warn("%s %s: AddCommand on something unknown: %s" % (self.tag, f.path, recv_expr))
                return
            for a in args:
                child = self.eval(a, env, pkg, f)
                if isinstance(child, Command):
                    if child not in parent.children:
                        parent.children.append(child)
                    child.parent = parent
                else:
                    warn("%s %s: AddCommand(%s) not resolved" % (self.tag, f.path, a[:60]))
            return
        if method == "AddFlags":
            target = self.eval(recv_expr, env, pkg, f)
            fs = self.eval(args[0], env, pkg, f) if args else None
            if isinstance(target, ConfigFlags) and isinstance(fs, FlagSetRef):
                for field in sorted(target.fields):
                    name, short, value, _ = CONFIG_FLAGS[field]
                    fs.command.add_flag(name, short, value, fs.persistent, f.path)
            elif isinstance(fs, FlagSetRef):
                warn("%s %s: %s.AddFlags(...) of an unknown flag set" % (self.tag, f.path, recv_expr))
            return
        if method == "MarkFlagRequired" and args:
            target = self.eval(recv_expr, env, pkg, f)
            name = self.string_value(args[-1], pkg, f, env)
            if callee == "cobra.MarkFlagRequired":
                target = self.eval(args[0], env, pkg, f)
                target = target.command if isinstance(target, FlagSetRef) else None
            if isinstance(target, FlagSetRef):
                target = target.command
            if isinstance(target, Command) and name:
                target.required.add(name)
            elif isinstance(target, Command):
                warn("%s %s: MarkFlagRequired(%s) not resolved" % (self.tag, f.path, args[-1][:40]))
            return
        if method in ("AddFlagSet", "AddGoFlagSet", "SetInterspersed"):
            warn("%s %s: %s not followed" % (self.tag, f.path, stmt[:80]))
            return
        recv = self.eval(recv_expr, env, pkg, f) if re.search(r"Flags\(\)$|^\w+$", recv_expr.strip()) else None
        if isinstance(recv, FlagSetRef):
            self.flag_call(recv, method, args, pkg, f, env)
            return
        if re.fullmatch(r"\w+", recv_expr.strip()) and recv is None:
            d = self.import_dir(f, recv_expr.strip())
            if d:
                self.call(self.package(d), method, args, env, f)

    FLAG_METHOD = re.compile(r"(\w*?)(Var)?(P)?$")

    def flag_call(self, fs, method, args, pkg, f, env=None):
        if method in ("MarkHidden", "MarkDeprecated", "MarkShorthandDeprecated", "SetAnnotation",
                      "Set", "Lookup", "Parse", "Changed", "VisitAll", "Visit", "SortFlags",
                      "SetNormalizeFunc", "MarkFlagRequired") or method.startswith("Get"):
            return
        m = self.FLAG_METHOD.fullmatch(method)
        base, var, short = m[1], bool(m[2]), bool(m[3])
        if method in ("Var", "VarP"):
            base, var = "Value", True
        pos = 1 if var else 0
        if len(args) <= pos:
            warn("%s %s: flag call %s with too few arguments" % (self.tag, f.path, method))
            return
        name = self.string_value(args[pos], pkg, f, env)
        sh = self.string_value(args[pos + 1], pkg, f, env) if short and len(args) > pos + 1 else ""
        if name is None:
            warn("%s %s: flag name not a literal in %s(%s)" % (self.tag, f.path, method, args[pos][:40]))
            return
        if base == "Value":
            warn("%s %s: --%s is a custom pflag.Value; counted as taking a value" % (self.tag, f.path, name))
        value = base not in ("Bool", "Count")
        fs.command.add_flag(name, sh or "", value, fs.persistent, f.path, base)

    def string_value(self, token, pkg, f, env=None):
        s = f.string(token)
        if s is not None:
            return s
        token = token.strip()
        if env and isinstance(env.get(token), str):
            return env[token]
        if token in pkg.consts:
            return pkg.consts[token]
        m = re.fullmatch(r"(\w+)\.(\w+)", token)
        if m:
            d = self.import_dir(f, m[1])
            if d and m[2] in self.package(d).consts:
                return self.package(d).consts[m[2]]
        m = re.fullmatch(r"fmt\.Sprintf\((.*)\)", token, re.S)
        if m:
            # fmt.Sprintf("%s [filename]", name) of known strings, %s and %v verbs only
            parts = [self.string_value(a, pkg, f, env) for a in split_top(m[1], ",")]
            if None not in parts and len(re.findall(r"%.", parts[0])) == len(parts) - 1:
                if all(v in ("%s", "%v") for v in re.findall(r"%.", parts[0])):
                    return re.sub(r"%[sv]", lambda _, it=iter(parts[1:]): next(it), parts[0])
        return None

    def run_block(self, body, env, pkg, f):
        """Runs the statements of a block; returns the value of a top-level return."""
        for stmt in statements(body):
            result = self.run_statement(stmt, env, pkg, f)
            if result is not None:
                return result[0]
        return None

    def run_statement(self, stmt, env, pkg, f):
        shape = mask_nested(stmt)
        if re.match(r"(if|for|switch|select|else|go|defer)\b", stmt):
            if re.match(r"(go|defer)\b", stmt):
                return None
            # every depth-0 brace group of a control statement is a block, except the
            # composite literals of a range clause ([]T{...}, map[K]V{...})
            i = 0
            while True:
                j = shape.find("{", i)
                if j < 0:
                    break
                end = match_close(stmt, j)
                before = stmt[:j].rstrip()
                if re.search(r"(\][\w.*]+|\bstruct)$", before):
                    i = end + 1  # a composite literal, not a block
                    continue
                rm = re.match(r"for\s+(?:\w+\s*,\s*)?(\w+)\s*:?=\s*range\s+(.+)$", before, re.S)
                items = self.eval(rm[2], env, pkg, f) if rm else None
                if isinstance(items, list):
                    for item in items:
                        env[rm[1]] = item
                        self.run_block(stmt[j + 1 : end], env, pkg, f)
                    i = end + 1
                    continue
                if re.match(r"(if|for)\b", stmt) and ";" in mask_nested(stmt[:j]) and i == 0:
                    init = split_top(stmt[:j], ";")[0]
                    init = re.sub(r"^(if|for)\s+", "", init)
                    self.run_statement(init, env, pkg, f)
                r = self.run_block(stmt[j + 1 : end], env, pkg, f)
                if r is not None:
                    return (r,)
                i = end + 1
            return None
        m = re.match(r"return\b\s*(.*)$", stmt, re.S)
        if m:
            vals = split_top(m[1], ",")
            return (self.eval(vals[0], env, pkg, f),) if vals[0].strip() else None
        m = re.match(r"var\s+(\w+)(?:\s+[^=]+)?(?:\s*=\s*(.*))?$", stmt, re.S)
        if m:
            env[m[1]] = self.eval(m[2], env, pkg, f) if m[2] else None
            return None
        am = re.match(r"([\w.,\s()\[\]\"]+?)\s*(:=|=)\s*(.*)$", shape, re.S)
        if am and "==" not in shape[: am.end(2)]:
            lhs = stmt[: am.start(2)].strip()
            rhs = stmt[am.end(2) :].strip()
            targets = [t.strip() for t in split_top(lhs, ",")]
            value = self.eval(rhs, env, pkg, f)
            first = targets[0]
            self.assign(first, value, rhs, env, pkg, f)
            for t in targets[1:]:
                if re.fullmatch(r"\w+", t) and t != "_":
                    env[t] = None
            return None
        self.statement_call(stmt, env, pkg, f)
        return None

    def assign(self, target, value, rhs, env, pkg, f):
        if target == "_":
            return
        if re.fullmatch(r"\w+", target):
            if target in env or target not in pkg.vars:
                env[target] = value
            else:
                pkg.var_values[target] = value
            return
        m = re.fullmatch(r"(.+)\.(\w+)", target, re.S)
        if not m:
            return
        obj_expr, field = m[1], m[2]
        lm = re.fullmatch(r"(.+)\.Lookup\((.+)\)", obj_expr, re.S)
        if lm and field == "NoOptDefVal":
            fs = self.eval(lm[1], env, pkg, f)
            name = self.string_value(lm[2], pkg, f)
            if isinstance(fs, FlagSetRef) and name in fs.command.flags:
                fs.command.flags[name]["value"] = rhs.strip() in ('""',) or f.string(rhs) == ""
            return
        obj = self.eval(obj_expr, env, pkg, f)
        if isinstance(obj, ConfigFlags):
            if rhs.strip() == "nil":
                obj.fields.discard(field)
            elif field in CONFIG_FLAGS:
                obj.fields.add(field)
        elif isinstance(obj, Command):
            if field in ("Run", "RunE"):
                obj.runnable = rhs.strip() != "nil"
            elif field == "Hidden":
                obj.hidden = rhs.strip() == "true"
            elif field == "DisableFlagParsing":
                obj.disable_flag_parsing = rhs.strip() == "true"
            elif field == "Use":
                obj.use = f.string(rhs)
            elif field == "Aliases":
                obj.aliases = [f.string(x) for x in re.findall(r"__S\d+__", rhs)]
        elif obj_expr.endswith("CompletionOptions") and field == "DisableDefaultCmd":
            owner = self.eval(obj_expr.rsplit(".", 1)[0], env, pkg, f)
            if isinstance(owner, Command) and rhs.strip() == "true":
                owner.completion_disabled = True

    # ---- the root

    def root(self):
        main = self.package(self.module + "/cmd/gitops")
        for fobj in main.files:
            m = re.search(r"(\w+)\.(\w+)\([^()]*\)\s*\.\s*Execute", fobj.code)
            if m:
                d = self.import_dir(fobj, m[1])
                if d:
                    cmd = self.call(self.package(d), m[2], [], {}, fobj)
                    if isinstance(cmd, Command):
                        return cmd
        pkg = self.package(self.module + "/cmd/gitops/root")
        cmd = self.call(pkg, "RootCmd", [], {}, pkg.files[0])
        if not isinstance(cmd, Command):
            raise SystemExit("%s: cannot find the root command" % self.tag)
        return cmd

    def add_cobra_defaults(self, root):
        names = {c.name for c in root.children}
        if root.children and "help" not in names:
            h = Command("cobra InitDefaultHelpCmd")
            h.use, h.runnable = "help [command]", True
            root.children.append(h)
            h.parent = root
        if (
            self.cobra >= (1, 2, 0)
            and root.children
            and not root.completion_disabled
            and "completion" not in names
            and not any("completion" in c.aliases for c in root.children)
        ):
            comp = Command("cobra completion command")
            comp.use, comp.args = "completion", "cobra.NoArgs"
            for shell in ("bash", "zsh", "fish", "powershell"):
                s = Command("cobra completion command")
                s.use, s.runnable, s.args = shell, True, "cobra.NoArgs"
                s.add_flag("no-descriptions", "", False, False, "cobra")
                comp.children.append(s)
                s.parent = comp
            root.children.append(comp)
            comp.parent = root
        c = Command("cobra initCompleteCmd")
        c.use, c.runnable, c.hidden = "__complete [command-line]", True, True
        c.aliases, c.disable_flag_parsing, c.args = ["__completeNoDesc"], True, "cobra.MinimumNArgs(1)"
        root.children.append(c)
        c.parent = root


def param_names(params):
    names = []
    pending = []
    for part in split_top(params, ","):
        part = part.strip()
        if not part:
            continue
        bits = part.split(None, 1)
        if len(bits) == 2:
            names.extend(pending + [bits[0]])
            pending = []
        else:
            pending.append(bits[0])
    return names + pending  # unnamed parameters: types only, harmless


# --------------------------------------------------------------------------- union


def shadowing(cmd):
    """What cobra's mergePersistentFlags does at this command, where it matters.

    The command's flag set gets its own flags, then the persistent flags of its ancestors
    (nearest first) whose names it lacks; a shorthand already in use makes pflag panic.
    """
    notes = []
    names = dict(cmd.flags)
    shorts = {f["short"]: n for n, f in cmd.flags.items() if f["short"]}
    anc = cmd.parent
    while anc is not None:
        for name, fl in sorted(anc.flags.items()):
            if not fl["persistent"]:
                continue
            where = " ".join(anc_path(anc)) or "gitops"
            if name in names:
                mine = names[name]
                if mine is fl:
                    continue
                if mine["value"] != fl["value"]:
                    notes.append("--%s here is this command's own (%s), not %s's (%s)" % (
                        name, "takes a value" if mine["value"] else "takes none", where,
                        "takes a value" if fl["value"] else "takes none"))
                if fl["short"] and fl["short"] != mine["short"]:
                    notes.append("-%s (%s's --%s) is unknown here: this command's own --%s hides it" % (
                        fl["short"], where, name, name))
                continue
            if fl["short"] and fl["short"] in shorts:
                notes.append("cobra panics merging %s's --%s: shorthand -%s is taken by --%s" % (
                    where, name, fl["short"], shorts[fl["short"]]))
                continue
            names[name] = fl
            if fl["short"]:
                shorts[fl["short"]] = name
        anc = anc.parent
    return notes


def anc_path(cmd):
    out = []
    while cmd.parent is not None:
        out.append(cmd.name)
        cmd = cmd.parent
    return tuple(reversed(out))


def walk(cmd, path, out):
    out.append((path, cmd))
    for child in cmd.children:
        if child.name is None:
            continue
        walk(child, path + (child.name,), out)


def ranges(present, order):
    out, run = [], []
    for t in order:
        if t in present:
            run.append(t)
        elif run:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return [r[0] if len(r) == 1 else "%s..%s" % (r[0], r[-1]) for r in out]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items):
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def flag_forms(name, shorts):
    return ["--" + name] + ["-" + s for s in sorted(shorts)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gitdir")
    ap.add_argument("--from", dest="first", default=DEFAULT_FROM)
    ap.add_argument("--to", dest="last", default=DEFAULT_TO)
    ap.add_argument("--include-prereleases", action="store_true")
    ap.add_argument("--prereleases-with-new-commands", action="store_true",
                    help="also read the pre-release tags that had a command no release read had")
    ap.add_argument("--builds-on", metavar="MODULE=GIT_DIR", action="append", default=[],
                    help="a module the CLI is built on, read from that clone at the version go.mod requires")
    ap.add_argument("--asset-name", default="commands.toml",
                    help="the asset's file name, as the header's Made-by line names it")
    ap.add_argument("--tree", metavar="TAG", help="print the command tree of one tag and stop")
    opts = ap.parse_args()
    opts.gitdir = git_dir_of(opts.gitdir)
    modules = {}
    for spec in opts.builds_on:
        module, sep, dep = spec.partition("=")
        if not sep or not module or not dep:
            raise SystemExit("--builds-on %s: not MODULE=GIT_DIR" % spec)
        modules[module] = git_dir_of(dep)

    if opts.tree:
        tree = Tree(opts.gitdir, opts.tree, modules)
        root = tree.root()
        tree.add_cobra_defaults(root)
        items = []
        walk(root, (), items)
        for path, cmd in items:
            fl = " ".join(
                ("--%s%s%s%s" % (n, "/-" + v["short"] if v["short"] else "", "=V" if v["value"] else "",
                                 "(P)" if v["persistent"] else ""))
                for n, v in sorted(cmd.flags.items())
            )
            print("%-40s %s%s%s %s" % (" ".join(path) or "gitops", "" if cmd.runnable else "[group] ",
                                       "[hidden] " if cmd.hidden else "", cmd.aliases or "", fl))
        for w in WARNINGS:
            print("warning:", w, file=sys.stderr)
        return

    tags = release_tags(opts.gitdir, opts.first, opts.last, opts.include_prereleases)
    if not tags:
        raise SystemExit("no release tags between %s and %s" % (opts.first, opts.last))
    trees = {tag: command_paths(Tree(opts.gitdir, tag, modules)) for tag in tags}
    if opts.prereleases_with_new_commands and not opts.include_prereleases:
        known = set().union(*(paths for paths, _ in trees.values()))
        for tag in release_tags(opts.gitdir, opts.first, opts.last, True):
            if tag in trees:
                continue
            paths, tree = command_paths(Tree(opts.gitdir, tag, modules))
            if paths - known:
                trees[tag] = (paths, tree)
        tags = sorted(trees, key=tag_key)
    module = next(iter(trees.values()))[1][0].module

    present = defaultdict(set)  # path -> tags
    runnable = defaultdict(dict)  # path -> tag -> bool
    aliases = defaultdict(set)
    hidden = defaultdict(set)
    nofp = defaultdict(set)
    flags = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))  # path->name->(value,persistent)->tags
    shorts = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))  # path -> name -> short -> tags
    types = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))  # path -> name -> type -> tags
    cobra_of = {}
    shadows = defaultdict(lambda: defaultdict(set))  # path -> note -> tags
    for tag in tags:
        _, (tree, items) = trees[tag]
        cobra_of[tag] = ".".join(map(str, tree.cobra))
        for path, cmd in items:
            for note in shadowing(cmd):
                shadows[path][note].add(tag)
            present[path].add(tag)
            runnable[path][tag] = cmd.runnable
            aliases[path].update(a for a in cmd.aliases if a != cmd.name)
            if cmd.hidden:
                hidden[path].add(tag)
            if cmd.disable_flag_parsing:
                nofp[path].add(tag)
            for name, fl in cmd.flags.items():
                flags[path][name][(fl["value"], fl["persistent"])].add(tag)
                types[path][name][fl["type"]].add(tag)
                if fl["short"]:
                    shorts[path][name][fl["short"]].add(tag)

    # A flag local in some releases and persistent in others parses alike where the command
    # had no subcommand: there it is read as persistent, so one table can say it.
    parents = defaultdict(set)  # path -> tags in which it had a subcommand
    for path, ts in present.items():
        if path:
            parents[path[:-1]] |= ts
    for path in flags:
        for name, kinds in flags[path].items():
            for value in (False, True):
                local, persistent = kinds.get((value, False)), kinds.get((value, True))
                if local and persistent and not local & parents[path]:
                    persistent |= kinds.pop((value, False))

    out = []
    span = "%s..%s" % (tags[0], tags[-1])
    out.append("# The gitops command tree as the Go CLI (%s, cmd/gitops)" % module)
    out.append("# defined it in its release tags %s (%d tags)," % (span, len(tags)))
    pre = [t for t in tags if parse_tag(t)[1]]
    if pre and not opts.include_prereleases:
        out.append("# among them the pre-releases that had a command no release had (%s)," % ", ".join(pre))
    for m, version in sorted(tree.required.items()):
        out.append("# built on %s (read at the version each release's go.mod requires)," % m)
    out.append("# with cobra's own help and completion commands.")
    out.append("#")
    made = "" if (opts.first, opts.last) == (DEFAULT_FROM, DEFAULT_TO) else " --from %s --to %s" % (opts.first, opts.last)
    if opts.prereleases_with_new_commands:
        made += " --prereleases-with-new-commands"
    for m in sorted(modules):
        made += " --builds-on %s=<%s-git-dir>" % (m, m.rsplit("/", 1)[-1])
    out.append("# Made by: python3 protocol/scripts/derive-vocabulary.py <%s-git-dir>%s"
               " > protocol/assets/%s" % (module.rsplit("/", 1)[-1], made, opts.asset_name))
    out.append("# Do not edit by hand; see the script's docstring for what it reads and its limits.")
    out.append("#")
    out.append("# Keys at the top: release_tags (every release read, in order), cobra (the cobra version")
    out.append("# of each release: cobra before 1.7.0 removes a command word from the line without")
    out.append("# skipping flag values, spf13/cobra#1781), help_flags, and the root command's own keys.")
    out.append("# Keys of a command table: releases (\"a..b\" = every release tag from a to b, inclusive),")
    out.append("# runnable (false for a group; a list of ranges when runnable in some releases only;")
    out.append("# omitted when always runnable), disable_flag_parsing (true or ranges), aliases,")
    out.append("# value_flags / bool_flags (local flags), persistent_value_flags / persistent_bool_flags")
    out.append("# (also apply to every descendant); a one-letter form right after a long form is its")
    out.append("# shorthand. Flag lists are unions over the releases: flag_releases gives the ranges of a")
    out.append("# form registered in fewer releases than its command existed in (a shorthand not named")
    out.append("# there follows its long form; \"--long/-x\" is the shorthand -x of --long, for a letter")
    out.append("# several flags of the command had in turn); flag_types the pflag type of a flag that is not a String")
    out.append("# (value flags) or a Bool (the others), or a table of each type with its ranges.")
    out.append("# A local flag named like an ancestor's persistent flag wins at that command, shorthand")
    out.append("# and all (cobra's mergePersistentFlags keeps the command's own).")
    out.append("")
    out.append("release_tags = %s" % toml_list(tags))
    cob = defaultdict(list)
    for t in tags:
        cob[cobra_of[t]].append(t)
    out.append("cobra = { %s }" % ", ".join(
        "%s = %s" % (toml_str(v), toml_list(ranges(set(ts), tags)))
        for v, ts in sorted(cob.items(), key=lambda kv: version_tuple(kv[0]))))
    out.append("")

    def emit_flags(path, lines):
        vf, bf, pvf, pbf = [], [], [], []
        when = {}  # form -> ranges, where fewer than the command's releases
        kinds_named = {}  # name -> Bool or String, as the list it is in implies
        letters = defaultdict(set)  # shorthand -> the long names that had it
        for name in flags[path]:
            for short in shorts[path][name]:
                letters[short].add(name)
        for name in sorted(flags[path]):
            kinds = flags[path][name]
            if len({v for v, _ in kinds}) > 1:
                desc = "; ".join(
                    "%s %s in %s" % ("takes a value" if v else "takes none", "(persistent)" if p else "(local)",
                                     ", ".join(ranges(ts, tags)))
                    for (v, p), ts in sorted(kinds.items()))
                raise SystemExit("%s --%s: %s; a command table cannot say that" % (
                    " ".join(path) or "gitops", name, desc))
            forms = flag_forms(name, shorts[path][name])
            for (value, persistent), ts in sorted(kinds.items()):
                target = (pvf if value else pbf) if persistent else (vf if value else bf)
                target.extend(forms)
                kinds_named[name] = "String" if value else "Bool"
            if len({p for _, p in kinds}) > 1:
                desc = "; ".join(
                    "%s in %s" % ("persistent" if p else "local", ", ".join(ranges(ts, tags)))
                    for (v, p), ts in sorted(kinds.items()))
                raise SystemExit("%s --%s: %s; a command table cannot say that" % (
                    " ".join(path) or "gitops", name, desc))
            registered = set().union(*kinds.values())
            if registered != present[path]:
                when["--" + name] = registered
            for short, ts in sorted(shorts[path][name].items()):
                if len(letters[short]) > 1:  # a letter several flags had, each in its releases
                    when["--%s/-%s" % (name, short)] = ts
                elif ts != registered:  # a shorthand added or dropped apart from its flag
                    when["-" + short] = ts
        for key, items in (("value_flags", vf), ("bool_flags", bf),
                           ("persistent_value_flags", pvf), ("persistent_bool_flags", pbf)):
            if items:
                # a shorthand repeats when several flags had it in turn: each follows its own
                lines.append("%s = %s" % (key, toml_list(dedupe(items, keep=lambda i: not i.startswith("--")))))
        if when:
            lines.append("flag_releases = { %s }" % ", ".join(
                "%s = %s" % (toml_str(form), toml_list(ranges(ts, tags))) for form, ts in sorted(when.items())))
        odd = {}
        for name in sorted(types[path]):
            seen = types[path][name]
            if len(seen) > 1:
                # the type changed between releases: each type with its releases
                odd["--" + name] = "{ %s }" % ", ".join(
                    "%s = %s" % (kind, toml_list(ranges(ts, tags))) for kind, ts in sorted(seen.items()))
                continue
            (kind,) = seen
            if kind != kinds_named[name]:
                odd["--" + name] = toml_str(kind)
        if odd:
            lines.append("flag_types = { %s }" % ", ".join(
                "%s = %s" % (toml_str(form), kind) for form, kind in sorted(odd.items())))

    def emit_switch(key, on, path, lines):
        """`key = true` when on in every release of the command, else the ranges; nothing if never."""
        if not on:
            return
        if on == present[path]:
            lines.append("%s = true" % key)
        else:
            lines.append("%s = %s" % (key, toml_list(ranges(on, tags))))

    # flags (long or short form) that take a value at one command and none at another
    kinds_of = defaultdict(lambda: defaultdict(set))  # form -> value? -> "path (ranges)"
    for path in flags:
        for name, kinds in flags[path].items():
            for (value, persistent), ts in kinds.items():
                where = "%s%s %s" % (" ".join(path) or "gitops", " (persistent)" if persistent else "",
                                     ", ".join(ranges(ts, tags)))
                for form in flag_forms(name, shorts[path][name]):
                    kinds_of[form][value].add(where)
    mixed = [f for f in sorted(kinds_of) if len(kinds_of[f]) > 1]
    if mixed:
        out.append("# Flags that take a value at one command and none at another (the command's own")
        out.append("# definition applies below it; see each table):")
        for form in mixed:
            out.append("#   %s takes a value at %s; takes none at %s" % (
                form, "; ".join(sorted(kinds_of[form][True])), "; ".join(sorted(kinds_of[form][False]))))
            warn("mixed kinds: %s" % form)
        out.append("")

    def runnable_lines(path, lines):
        runs = runnable[path]
        when = {t for t, v in runs.items() if v}
        if not when:
            lines.append("runnable = false")
        elif when != present[path]:
            lines.append("runnable = %s" % toml_list(ranges(when, tags)))

    root_lines = []
    out.append("# cobra adds --help/-h to a command in execute(), after it has walked to the command:")
    out.append("# while walking they are unknown flags (they swallow the next word); parsed, they print help.")
    out.append('help_flags = ["--help", "-h"]')
    out.append("releases = %s" % toml_list(ranges(present[()], tags)))
    runnable_lines((), root_lines)
    emit_switch("disable_flag_parsing", nofp[()], (), root_lines)
    emit_flags((), root_lines)
    out.extend(root_lines)

    for path in sorted(p for p in present if p):
        lines = [""]
        comments = []
        if path == ("help",):
            comments.append("# cobra's default help command (InitDefaultHelpCmd): runs the root's hooks")
        if path == ("completion",):
            comments.append("# cobra's default completion command (cobra >= 1.2.0); the shells are runnable")
        if path == ("__complete",):
            comments.append("# cobra's hidden shell-completion request command; present for a run only when it")
            comments.append("# is the first command word; DisableFlagParsing; runs the root's hooks")
        if hidden[path]:
            comments.append("# hidden in %s" % ", ".join(ranges(hidden[path], tags)))
        for note, ts in sorted(shadows[path].items()):
            comments.append("# %s (%s)" % (note, ", ".join(ranges(ts, tags))))
            if note.startswith("cobra panics"):
                warn("%s: %s (%s)" % (" ".join(path), note, ", ".join(ranges(ts, tags))))
        lines.append("[%s]" % ".".join(toml_key(p) for p in path))
        lines.extend(comments)
        lines.append("releases = %s" % toml_list(ranges(present[path], tags)))
        runnable_lines(path, lines)
        emit_switch("disable_flag_parsing", nofp[path], path, lines)
        if aliases[path]:
            lines.append("aliases = %s" % toml_list(sorted(aliases[path])))
        emit_flags(path, lines)
        out.extend(lines)

    sys.stdout.write("\n".join(out) + "\n")
    for w in dedupe(WARNINGS):
        print("warning:", w, file=sys.stderr)


def git_dir_of(path):
    if os.path.isdir(os.path.join(path, ".git")):
        return os.path.join(path, ".git")  # a working clone
    return path


def command_paths(tree):
    """A tag's command paths, with its tree and its (path, command) items."""
    root = tree.root()
    tree.add_cobra_defaults(root)
    items = []
    walk(root, (), items)
    return {path for path, _ in items}, (tree, items)


def toml_key(k):
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else toml_str(k)


def dedupe(items, keep=lambda item: False):
    seen, out = set(), []
    for i in items:
        if i not in seen or keep(i):
            seen.add(i)
            out.append(i)
    return out


if __name__ == "__main__":
    main()
