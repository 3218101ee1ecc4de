"""The Python bench baseline: what it reports about the torch it measures."""

import os

from purchase import baseline


def test_torchSettings_thisInterpreter_namesTheLoadedBlasAndThreadSettings():
    settings = baseline.torch_settings()

    blas = settings["blas"]
    assert blas["name"] in ("OpenBLAS", "MKL", "reference BLAS (netlib)", "unknown", "none loaded")
    for library in blas["libraries"]:
        assert os.path.isabs(library) and os.path.exists(library)
    threading = settings["threading"]
    assert threading["torchNumThreadsDefault"] >= 1
    assert set(threading["environment"]) == set(baseline.THREAD_VARIABLES)
    assert "PyTorch built with" in settings["torchConfig"]
    assert "ATen" in settings["parallelInfo"]


def test_blasName_libraryPaths_theLibraryTheyResolveTo():
    assert baseline._blas_name(["/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"]) == "OpenBLAS"
    assert baseline._blas_name(["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"]) == (
        "reference BLAS (netlib)")
    assert baseline._blas_name([]) == "none loaded"
