package dev.steward.common.pki;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text for certificates and PKCS#8 EC private keys. Pure. */
public final class Pem {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private Pem() {
  }

  public static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode certificate: " + e.getMessage(), e);
    }
  }

  public static String privateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("expected a PKCS#8 key, got " + key.getFormat());
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  public static String block(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** The DER of every block of {@code type} in {@code text}, in order. */
  public static List<byte[]> blocks(String text, String type) {
    List<byte[]> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(type)) {
        blocks.add(Base64.getMimeDecoder().decode(matcher.group(2)));
      }
    }
    return blocks;
  }

  public static List<X509Certificate> certificates(String text) throws CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    for (byte[] der : blocks(text, "CERTIFICATE")) {
      certificates.add(Certificates.parse(der));
    }
    if (certificates.isEmpty()) {
      throw new CertificateException("no PEM certificate found");
    }
    return certificates;
  }

  public static X509Certificate certificate(String text) throws CertificateException {
    return certificates(text).get(0);
  }

  /** An EC private key (PKCS#8 "PRIVATE KEY" block). */
  public static PrivateKey ecPrivateKey(String text) throws InvalidKeySpecException {
    List<byte[]> keys = blocks(text, "PRIVATE KEY");
    if (keys.size() != 1) {
      throw new InvalidKeySpecException("expected exactly one PEM PRIVATE KEY block, found " + keys.size());
    }
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("EC keys are not supported by this JVM", e);
    }
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
