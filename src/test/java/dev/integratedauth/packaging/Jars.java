package dev.integratedauth.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading the build's jars without loading their classes. */
final class Jars {

    private Jars() {
    }

    /** The one file in {@code directory} that matches {@code glob}. */
    static Path single(Path directory, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(directory, glob)) {
            stream.forEach(found::add);
        }
        assertEquals(1, found.size(), glob + " in " + directory + ": " + found);
        return found.get(0);
    }

    /** Classes in {@code jar} whose constant pool contains {@code text} (a type or descriptor, slash-separated). */
    static List<String> classesMentioning(Path jar, String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(text)) {
                        found.add(entry.getName());
                    }
                }
            }
        }
        return found;
    }

    /** Classes in {@code jar} that refer to WireMock, which the prod class path does not have. */
    static List<String> classesReferringToWireMock(Path jar) throws IOException {
        return classesMentioning(jar, "com/github/tomakehurst/");
    }
}
