"""Build step of pyproject.toml: SWIG-generate and compile kneepain._capi.

Where the C library comes from:
  KNEEPAIN_BUILD_DIR=<configured, built libkneepain tree>  that build tree
  otherwise                                               pkg-config kneepain
"""
import os
import shlex
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
BINDINGS = os.path.dirname(HERE)  # holds the shared kneepain.i


def _pkg_config(*args):
    exe = os.environ.get("PKG_CONFIG", "pkg-config")
    try:
        out = subprocess.run([exe, *args, "kneepain"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise SystemExit("kneepain: libkneepain not found by pkg-config "
                         "(set PKG_CONFIG_PATH to PREFIX/lib/pkgconfig, or "
                         "KNEEPAIN_BUILD_DIR to a build tree): %s" % e)
    return shlex.split(out)


def _library():
    """(include dirs, library dirs, libraries, runtime dirs)."""
    build = os.environ.get("KNEEPAIN_BUILD_DIR")
    if build:
        build = os.path.abspath(build)
        src = os.path.dirname(BINDINGS)
        libs = os.path.join(build, "lib", ".libs")
        return ([os.path.join(src, "include"), os.path.join(build, "include")],
                [libs], ["kneepain"], [libs])
    inc = [f[2:] for f in _pkg_config("--cflags-only-I") if f.startswith("-I")]
    flags = _pkg_config("--libs")
    libdirs = [f[2:] for f in flags if f.startswith("-L")]
    return (inc, libdirs, [f[2:] for f in flags if f.startswith("-l")], libdirs)


class SwigBuildExt(build_ext):
    """Runs SWIG first: kneepain_wrap.c in build_temp, capi.py beside the
    package's modules (build_lib, or src/ for in-place builds)."""

    def build_extension(self, ext):
        inc = ext.include_dirs
        os.makedirs(self.build_temp, exist_ok=True)
        wrap = os.path.join(self.build_temp, "kneepain_wrap.c")
        pkg = (os.path.join(HERE, "src", "kneepain") if self.inplace
               else os.path.join(self.build_lib, "kneepain"))
        os.makedirs(pkg, exist_ok=True)
        cmd = [os.environ.get("SWIG", "swig"), "-python", "-threads", "-doxygen",
               *("-I" + d for d in inc), "-I" + BINDINGS, "-outdir", pkg,
               "-o", wrap, os.path.join(HERE, "kneepain_python.i")]
        self.announce(" ".join(cmd), level=2)
        subprocess.run(cmd, check=True)
        ext.sources = [wrap]
        super().build_extension(ext)


inc, libdirs, libs, rpath = _library()
setup(
    ext_modules=[Extension(
        "kneepain._capi", sources=["kneepain_python.i"], include_dirs=inc,
        library_dirs=libdirs, libraries=libs, runtime_library_dirs=rpath,
        extra_compile_args=["-fno-strict-aliasing", "-Wno-unused-parameter",
                            "-Wno-missing-field-initializers"])],
    cmdclass={"build_ext": SwigBuildExt},
)
