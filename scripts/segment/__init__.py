"""The segment model: five user segments from categorical and numeric fields (Parity's second shipped model).

Reuses the purchase generator's records and pre-processing (scripts/purchase/) and adds numeric
fields and a multi-class label drawn from its own seeded stream (data.py).
"""
