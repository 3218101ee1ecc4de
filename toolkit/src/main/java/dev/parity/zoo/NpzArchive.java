package dev.parity.zoo;

import dev.parity.reference.NpyArray;
import dev.parity.reference.NpyFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The arrays of a numpy {@code .npz} archive (as written by {@code numpy.savez} or {@code
 * savez_compressed}), each read with {@link NpyArray}, keyed by entry name without {@code .npy}.
 */
public final class NpzArchive {

  private final Path file;
  private final Map<String, NpyArray> arrays;

  private NpzArchive(Path file, Map<String, NpyArray> arrays) {
    this.file = file;
    this.arrays = Collections.unmodifiableMap(arrays);
  }

  /**
   * Reads every array of an archive into memory.
   *
   * @param file the {@code .npz} file
   * @return the archive, its arrays in archive order
   * @throws NpyFormatException if the file is not a zip archive, an entry is not a {@code .npy}
   *     array this reader supports, or two entries have the same name
   * @throws IOException if the file cannot be read
   */
  public static NpzArchive read(Path file) throws NpyFormatException, IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (entry.isDirectory()) {
          continue;
        }
        String entryName = entry.getName();
        if (!entryName.endsWith(".npy")) {
          throw new NpyFormatException(
              file + ": expected only .npy entries in the .npz archive but found " + entryName);
        }
        String name = entryName.substring(0, entryName.length() - ".npy".length());
        String source = file + "!" + entryName;
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
          if (arrays.put(name, NpyArray.read(in, source)) != null) {
            throw new NpyFormatException(
                file + ": expected unique array names but found " + name + " twice");
          }
        } catch (EOFException | ZipException e) {
          throw new NpyFormatException(
              source + ": expected complete compressed data but it is corrupt or truncated", e);
        }
      }
    } catch (ZipException e) {
      throw new NpyFormatException(
          file + ": expected a readable .npz (zip) archive but found " + e.getMessage(), e);
    }
    return new NpzArchive(file, arrays);
  }

  /**
   * Returns the archive's file.
   *
   * @return the path it was read from
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the array names.
   *
   * @return the names in archive order, without {@code .npy}
   */
  public Set<String> names() {
    return arrays.keySet();
  }

  /**
   * Returns an array by name.
   *
   * @param name the entry name without {@code .npy}, e.g. {@code dense0.weight}
   * @return the array
   * @throws NoSuchElementException if there is none; the message lists the names present
   */
  public NpyArray array(String name) {
    NpyArray array = arrays.get(name);
    if (array == null) {
      throw new NoSuchElementException(
          file + " holds no array " + name + "; arrays present: " + String.join(", ", names()));
    }
    return array;
  }
}
