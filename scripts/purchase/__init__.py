"""Python side of Parity: data generator, mapping tables, training, exports, reference outputs.

Runs under Debian's /usr/bin/python3 with python3-torch and python3-numpy.
"""
