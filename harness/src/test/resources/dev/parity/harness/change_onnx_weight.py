"""Writes a copy of an ONNX model with one element of one initializer changed: a model that is wrong
on purpose, for LocalisationTest. Needs Debian's python3-onnx and numpy.

    python3 change_onnx_weight.py IN.onnx OUT.onnx INITIALIZER FLAT_INDEX DELTA
"""

import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main(source, target, name, index, delta):
    model = onnx.load(source)
    for i, init in enumerate(model.graph.initializer):
        if init.name == name:
            array = numpy_helper.to_array(init).copy()
            array.flat[int(index)] += np.float32(delta)
            model.graph.initializer[i].CopyFrom(numpy_helper.from_array(array, name))
            onnx.save(model, target)
            return 0
    sys.stderr.write("no initializer %s in %s; it has %s\n"
                     % (name, source, ", ".join(i.name for i in model.graph.initializer)))
    return 2


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
