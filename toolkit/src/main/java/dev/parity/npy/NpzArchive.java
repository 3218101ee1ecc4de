package dev.parity.npy;

import dev.parity.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A numpy {@code .npz} archive holding any number of named arrays, read one array at a time so that
 * only the array in use is held in memory, and written ({@link #write}) as {@code numpy.savez}
 * writes one.
 */
public final class NpzArchive implements Closeable {

  private static final String NPY = ".npy";

  /** 1980-01-01, the earliest time a zip entry holds; fixed so that an archive's bytes repeat. */
  private static final long ENTRY_TIME = 315532800000L;

  private final Path file;
  private final ZipFile zip;
  private final List<String> names;

  private NpzArchive(Path file, ZipFile zip, List<String> names) {
    this.file = file;
    this.zip = zip;
    this.names = List.copyOf(names);
  }

  /**
   * Opens an archive.
   *
   * @param file the {@code .npz} file
   * @return the open archive; close it
   * @throws NpyFormatException if the file is not a zip archive or holds an entry that is not a
   *     {@code .npy} file
   * @throws IOException if the file cannot be read
   */
  public static NpzArchive open(Path file) throws NpyFormatException, IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new NpyFormatException(
          file + ": expected a readable .npz (zip) archive but found " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    for (ZipEntry entry : Collections.list(zip.entries())) {
      if (entry.isDirectory()) {
        continue;
      }
      if (!entry.getName().endsWith(NPY)) {
        zip.close();
        throw new NpyFormatException(
            file + ": expected only .npy entries in the .npz archive but found " + entry.getName());
      }
      names.add(entry.getName().substring(0, entry.getName().length() - NPY.length()));
    }
    return new NpzArchive(file, zip, List.copyOf(names));
  }

  /**
   * Writes arrays as an uncompressed archive. The same arrays always give the same bytes: entries
   * come in the map's order and carry a fixed time.
   *
   * @param arrays by name (the entry name without {@code .npy})
   * @param out where to write; closed
   * @throws IOException if writing fails
   */
  public static void write(Map<String, Tensor> arrays, OutputStream out) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, Tensor> array : arrays.entrySet()) {
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.write(npy, array.getValue());
        byte[] bytes = npy.toByteArray();
        ZipEntry entry = new ZipEntry(array.getKey() + NPY);
        entry.setMethod(ZipEntry.STORED);
        entry.setTime(ENTRY_TIME);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
      }
    }
  }

  /**
   * Returns the array names, as numpy's {@code np.load(...).files} gives them.
   *
   * @return the entry names without {@code .npy}, in archive order
   */
  public List<String> names() {
    return names;
  }

  /**
   * Reads one array.
   *
   * @param name the array's name, e.g. {@code dense0.weight}
   * @return the array
   * @throws NoSuchElementException if the archive holds no such array; the message lists those it
   *     holds
   * @throws NpyFormatException if the entry is malformed, truncated or of an unsupported dtype
   * @throws IOException if the archive cannot be read
   */
  public Tensor read(String name) throws NpyFormatException, IOException {
    ZipEntry entry = zip.getEntry(name + NPY);
    if (entry == null) {
      throw new NoSuchElementException(
          file + " holds no array " + name + "; arrays present: " + String.join(", ", names));
    }
    String source = file + "!" + entry.getName();
    try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
      return Npy.read(in, source);
    } catch (EOFException | ZipException e) {
      throw new NpyFormatException(source + ": expected complete data but it is corrupt", e);
    }
  }

  /**
   * Closes the archive.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    zip.close();
  }
}
