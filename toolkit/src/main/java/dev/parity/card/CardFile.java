package dev.parity.card;

/**
 * The file an engine runs, as the card's {@code files} lists it.
 *
 * @param path relative to the card's folder
 * @param sha256 its SHA-256 as {@code zoo add} recorded it, or null
 * @param size its size in bytes as {@code zoo add} recorded it, or -1
 * @param blockFactory MXNet: the DJL block factory class that builds the network from the file, or
 *     null
 */
public record CardFile(String path, String sha256, long size, String blockFactory) {}
