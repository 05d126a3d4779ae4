"""Run synth_frames.py (argv[1]) with its remaining arguments, where the `qrcode` package may be missing.

synth_frames.py imports `qrcode` at start-up even when no QR code is asked for. Where that package is
missing, this stand-in builds the same QR matrix with zxing-cpp's encoder (error correction M).
Used by tests/unit/scan/test_scan_decode_synth.py and bench/bench_decode.py.
"""

import importlib.util
import runpy
import sys
import types

if importlib.util.find_spec("qrcode") is None:
    import numpy as np
    import zxingcpp

    class QRCode:
        def __init__(self, error_correction="M", border=4, box_size=10):
            self.level, self.data = error_correction, ""

        def add_data(self, data):
            self.data += data

        def make(self, fit=True):
            pass

        def get_matrix(self):
            code = zxingcpp.create_barcode(self.data, zxingcpp.BarcodeFormat.QRCode, ec_level=self.level)
            image = np.array(zxingcpp.write_barcode_to_image(code, scale=1, add_quiet_zones=False))
            return (image < 128).tolist()

    stand_in = types.ModuleType("qrcode")
    stand_in.QRCode = QRCode
    stand_in.constants = types.SimpleNamespace(ERROR_CORRECT_M="M")
    sys.modules["qrcode"] = stand_in

script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
