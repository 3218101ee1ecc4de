package dev.parity.npy;

import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Numpy's {@code .npy} format, read and written: a {@link Tensor} from a {@code .npy} file (format
 * 1.0, 2.0 or 3.0) or from a {@code .npz} archive that holds exactly one array, and a tensor to a
 * {@code .npy} file. Only C-order arrays of the dtypes in {@link Dtype} are supported.
 */
public final class Npy {

  private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int CHUNK_BYTES = 1 << 20;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN_ORDER =
      Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * Reads a {@code .npy} file, or a {@code .npz} archive holding exactly one array; which one is
   * decided by the file's first bytes, not its name.
   *
   * @param file the file to read
   * @return the array
   * @throws NpyFormatException if the file is malformed, truncated, holds an unsupported dtype or
   *     Fortran order, or is an archive that does not hold exactly one array
   * @throws IOException if the file cannot be read
   */
  public static Tensor read(Path file) throws NpyFormatException, IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      in.mark(2);
      boolean zip = in.read() == 'P' && in.read() == 'K';
      if (!zip) {
        in.reset();
        return read(in, file.toString());
      }
    }
    return readNpz(file);
  }

  /**
   * Reads one {@code .npy} array from a stream, which must end where the array's data ends.
   *
   * @param in the stream, positioned at the magic string; buffer it, it is read in large chunks
   * @param source names the data in messages, e.g. the file name
   * @return the array
   * @throws NpyFormatException if the data are malformed, truncated, followed by extra bytes, of an
   *     unsupported dtype or in Fortran order
   * @throws IOException if the stream cannot be read
   */
  public static Tensor read(InputStream in, String source) throws NpyFormatException, IOException {
    byte[] preamble = readExactly(in, 8, source, "the magic string and version");
    if (!Arrays.equals(preamble, 0, NPY_MAGIC.length, NPY_MAGIC, 0, NPY_MAGIC.length)) {
      throw new NpyFormatException(
          source
              + ": expected the .npy magic string \\x93NUMPY but found "
              + printable(Arrays.copyOf(preamble, NPY_MAGIC.length)));
    }
    int major = preamble[6] & 0xff;
    int minor = preamble[7] & 0xff;
    int headerLength;
    if (major == 1 && minor == 0) {
      headerLength = littleEndian(readExactly(in, 2, source, "the header length"));
    } else if ((major == 2 || major == 3) && minor == 0) {
      long length = littleEndian(readExactly(in, 4, source, "the header length")) & 0xffffffffL;
      if (length > 1 << 20) {
        throw new NpyFormatException(
            source + ": expected a header of at most 1 MiB but its length says " + length);
      }
      headerLength = (int) length;
    } else {
      throw new NpyFormatException(
          source
              + ": expected .npy format version 1.0, 2.0 or 3.0 but found "
              + major
              + "."
              + minor);
    }
    byte[] headerBytes = readExactly(in, headerLength, source, "the header");
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Dtype dtype = parseDtype(header, source);
    long[] shape = parseShape(header, source);
    int count = elementCount(shape, source);
    Object data = readData(in, dtype, shape, count, source);
    if (in.read() != -1) {
      throw new NpyFormatException(
          source
              + ": expected the file to end after "
              + (long) count * dtype.itemSize()
              + " bytes of data for shape "
              + formatShape(shape)
              + " but found more bytes");
    }
    return tensor(dtype, shape, data);
  }

  private static Tensor readNpz(Path file) throws NpyFormatException, IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<? extends ZipEntry> arrays =
          Collections.list(zip.entries()).stream().filter(e -> !e.isDirectory()).toList();
      if (arrays.size() != 1) {
        throw new NpyFormatException(
            file
                + ": expected exactly one array in the .npz archive but found "
                + arrays.size()
                + (arrays.isEmpty()
                    ? ""
                    : ": "
                        + arrays.stream()
                            .map(ZipEntry::getName)
                            .collect(Collectors.joining(", "))));
      }
      ZipEntry entry = arrays.get(0);
      if (!entry.getName().endsWith(".npy")) {
        throw new NpyFormatException(
            file + ": expected a .npy entry in the .npz archive but found " + entry.getName());
      }
      String source = file + "!" + entry.getName();
      try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
        return read(in, source);
      } catch (EOFException | ZipException e) {
        throw new NpyFormatException(
            source + ": expected complete compressed data but it is corrupt or truncated", e);
      }
    } catch (ZipException e) {
      throw new NpyFormatException(
          file + ": expected a readable .npz (zip) archive but found " + e.getMessage(), e);
    }
  }

  private static Dtype parseDtype(String header, String source) throws NpyFormatException {
    if (!header.strip().startsWith("{")) {
      throw new NpyFormatException(
          source + ": expected a header dictionary but found " + abbreviate(header));
    }
    Matcher descr = DESCR.matcher(header);
    if (!descr.find()) {
      throw new NpyFormatException(
          source + ": expected a string 'descr' in the header but found " + abbreviate(header));
    }
    Dtype dtype = Dtype.ofDescr(descr.group(1));
    if (dtype == null) {
      throw new NpyFormatException(
          source
              + ": expected one of the dtypes "
              + Arrays.stream(Dtype.values()).map(Dtype::descr).collect(Collectors.joining(" "))
              + " but found "
              + descr.group(1));
    }
    Matcher fortranOrder = FORTRAN_ORDER.matcher(header);
    if (!fortranOrder.find()) {
      throw new NpyFormatException(
          source + ": expected 'fortran_order' in the header but found " + abbreviate(header));
    }
    if (fortranOrder.group(1).equals("True")) {
      throw new NpyFormatException(
          source + ": expected a C-order array but found fortran_order True; save it C-ordered");
    }
    return dtype;
  }

  private static long[] parseShape(String header, String source) throws NpyFormatException {
    Matcher shape = SHAPE.matcher(header);
    if (!shape.find()) {
      throw new NpyFormatException(
          source + ": expected a tuple 'shape' in the header but found " + abbreviate(header));
    }
    try {
      return Arrays.stream(shape.group(1).split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .mapToLong(Long::parseLong)
          .toArray();
    } catch (NumberFormatException e) {
      throw new NpyFormatException(
          source + ": expected whole numbers in 'shape' but found (" + shape.group(1) + ")", e);
    }
  }

  private static int elementCount(long[] shape, String source) throws NpyFormatException {
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new NpyFormatException(
            source + ": expected non-negative dimensions but found shape " + formatShape(shape));
      }
      try {
        count = Math.multiplyExact(count, dim);
      } catch (ArithmeticException e) {
        count = Long.MAX_VALUE;
      }
      // Java arrays are indexed by int; anything larger cannot be held in one.
      if (count > Integer.MAX_VALUE - 8) {
        throw new NpyFormatException(
            source
                + ": expected at most "
                + (Integer.MAX_VALUE - 8)
                + " elements but found shape "
                + formatShape(shape));
      }
    }
    return (int) count;
  }

  private static Object readData(
      InputStream in, Dtype dtype, long[] shape, int count, String source)
      throws NpyFormatException, IOException {
    long expectedBytes = (long) count * dtype.itemSize();
    if (dtype.itemSize() == 1) {
      byte[] bytes = new byte[count];
      int got = in.readNBytes(bytes, 0, count);
      if (got < count) {
        throw truncated(source, dtype, shape, expectedBytes, got);
      }
      return bytes;
    }
    Object data =
        switch (dtype) {
          case FLOAT32 -> new float[count];
          case FLOAT64 -> new double[count];
          case INT32 -> new int[count];
          case INT64 -> new long[count];
          default -> throw new AssertionError(dtype);
        };
    // Chunked bulk conversion: no second full-size copy and no per-element calls.
    byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, expectedBytes)];
    ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    long done = 0;
    int offset = 0;
    while (done < expectedBytes) {
      int want = (int) Math.min(chunk.length, expectedBytes - done);
      int got = in.readNBytes(chunk, 0, want);
      if (got < want) {
        throw truncated(source, dtype, shape, expectedBytes, done + got);
      }
      int n = want / dtype.itemSize();
      buffer.clear();
      switch (dtype) {
        case FLOAT32 -> buffer.asFloatBuffer().get((float[]) data, offset, n);
        case FLOAT64 -> buffer.asDoubleBuffer().get((double[]) data, offset, n);
        case INT32 -> buffer.asIntBuffer().get((int[]) data, offset, n);
        case INT64 -> buffer.asLongBuffer().get((long[]) data, offset, n);
        default -> throw new AssertionError(dtype);
      }
      offset += n;
      done += want;
    }
    return data;
  }

  private static NpyFormatException truncated(
      String source, Dtype dtype, long[] shape, long expectedBytes, long foundBytes) {
    return new NpyFormatException(
        String.format(
            "%s is truncated: expected %d bytes of %s data for shape %s but found %d",
            source, expectedBytes, dtype.descr(), formatShape(shape), foundBytes));
  }

  private static byte[] readExactly(InputStream in, int length, String source, String what)
      throws NpyFormatException, IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new NpyFormatException(
          String.format(
              "%s is truncated: expected %d bytes of %s but found %d",
              source, length, what, bytes.length));
    }
    return bytes;
  }

  private static int littleEndian(byte[] bytes) {
    int value = 0;
    for (int i = bytes.length - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }

  private static String printable(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return text.toString();
  }

  private static Tensor tensor(Dtype dtype, long[] shape, Object data) {
    return switch (dtype) {
      case FLOAT32 -> Tensor.of((float[]) data, shape);
      case FLOAT64 -> Tensor.of((double[]) data, shape);
      case INT32 -> Tensor.of((int[]) data, shape);
      case INT64 -> Tensor.of((long[]) data, shape);
      case UINT8, INT8, BOOL -> Tensor.ofBytes(dtype, (byte[]) data, shape);
    };
  }

  /**
   * Writes a tensor as a {@code .npy} file (format 1.0, or 2.0 when the header needs it), the bytes
   * numpy's {@code np.save} writes for the same array.
   *
   * @param file where to write
   * @param tensor the array
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, Tensor tensor) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      write(out, tensor);
    }
  }

  /**
   * Writes a tensor in {@code .npy} format to a stream.
   *
   * @param out the stream; not closed
   * @param tensor the array
   * @throws IOException if it cannot be written
   */
  public static void write(OutputStream out, Tensor tensor) throws IOException {
    long[] shape = tensor.shape();
    String dict =
        "{'descr': '"
            + tensor.dtype().descr()
            + "', 'fortran_order': False, 'shape': "
            + formatShape(shape)
            + ", }";
    // numpy pads the header with spaces and a newline so the data starts on a 64-byte boundary.
    int version = dict.length() + 1 + 10 > 65535 ? 2 : 1;
    int prefix = version == 1 ? 10 : 12;
    int total = prefix + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    out.write(NPY_MAGIC);
    out.write(version);
    out.write(0);
    if (version == 1) {
      out.write(header.length & 0xff);
      out.write(header.length >>> 8);
    } else {
      for (int i = 0; i < 4; i++) {
        out.write((header.length >>> (8 * i)) & 0xff);
      }
    }
    out.write(header);
    Dtype dtype = tensor.dtype();
    if (dtype.itemSize() == 1) {
      out.write(tensor.bytes());
      return;
    }
    int count = tensor.size();
    byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, (long) count * dtype.itemSize())];
    ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int per = chunk.length / dtype.itemSize();
    for (int offset = 0; offset < count; offset += per) {
      int n = Math.min(per, count - offset);
      buffer.clear();
      switch (dtype) {
        case FLOAT32 -> buffer.asFloatBuffer().put(tensor.floats(), offset, n);
        case FLOAT64 -> buffer.asDoubleBuffer().put(tensor.doubles(), offset, n);
        case INT32 -> buffer.asIntBuffer().put(tensor.ints(), offset, n);
        case INT64 -> buffer.asLongBuffer().put(tensor.longs(), offset, n);
        default -> throw new AssertionError(dtype);
      }
      out.write(chunk, 0, n * dtype.itemSize());
    }
  }

  private static String abbreviate(String header) {
    String stripped = header.strip();
    return stripped.length() <= 120 ? stripped : stripped.substring(0, 120) + "...";
  }

  private static String formatShape(long[] shape) {
    if (shape.length == 0) {
      return "()";
    }
    return shape.length == 1
        ? "(" + shape[0] + ",)"
        : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
  }
}
