package dev.parity.convert;

import dev.parity.convert.onnx.ElementType;
import dev.parity.convert.onnx.TensorValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes numpy {@code .npz} archives (uncompressed, {@code .npy} format 1.0) that read back with
 * {@code dev.parity.reference.NpzArchive} and {@code numpy.load}. The same arrays always give the
 * same bytes: entries carry a fixed time and come in the map's order.
 */
public final class NpzWriter {

  /** 1980-01-01, the earliest time a zip entry holds; fixed so that output is reproducible. */
  private static final long ENTRY_TIME = 315532800000L;

  private NpzWriter() {}

  /**
   * Writes arrays to a stream.
   *
   * @param arrays by entry name (without {@code .npy}); booleans are stored as {@code uint8}
   * @param out where to write; closed
   * @throws IOException if writing fails
   */
  public static void write(Map<String, TensorValue> arrays, OutputStream out) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, TensorValue> array : arrays.entrySet()) {
        byte[] npy = npy(array.getValue());
        ZipEntry entry = new ZipEntry(array.getKey() + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setTime(ENTRY_TIME);
        entry.setSize(npy.length);
        CRC32 crc = new CRC32();
        crc.update(npy);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(npy);
        zip.closeEntry();
      }
    }
  }

  /**
   * Encodes one array as a {@code .npy} file.
   *
   * @param value the array; booleans become {@code uint8}
   * @return the file's bytes
   */
  public static byte[] npy(TensorValue value) {
    long[] shape = value.shape();
    String dims =
        shape.length == 1
            ? shape[0] + ","
            : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
    StringBuilder header =
        new StringBuilder(
            "{'descr': '"
                + descr(value.type())
                + "', 'fortran_order': False, 'shape': ("
                + dims
                + "), }");
    // numpy pads the header with spaces so that the data start on a 64-byte boundary.
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(value.littleEndianBytes());
    return out.toByteArray();
  }

  private static String descr(ElementType type) {
    return switch (type) {
      case FLOAT32 -> "<f4";
      case FLOAT64 -> "<f8";
      case INT32 -> "<i4";
      case INT64 -> "<i8";
      case UINT8, BOOL -> "|u1";
      case INT8 -> "|i1";
    };
  }
}
