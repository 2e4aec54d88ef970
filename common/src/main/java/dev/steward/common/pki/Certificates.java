package dev.steward.common.pki;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Reading what Steward's certificates carry (role, names, serial). Pure. */
public final class Certificates {

  /** id-kp-serverAuth and id-kp-clientAuth. */
  public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private Certificates() {
  }

  public static X509Certificate parse(byte[] der) throws CertificateException {
    if (der == null || der.length == 0) {
      throw new CertificateException("empty certificate");
    }
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  /** Every value of one attribute (e.g. "OU", "CN") of the subject. */
  public static List<String> subjectAttribute(X509Certificate certificate, String type) {
    List<String> values = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase(type)) {
          values.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      return List.of();
    }
    return values;
  }

  public static Optional<String> commonName(X509Certificate certificate) {
    List<String> names = subjectAttribute(certificate, "CN");
    return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
  }

  /**
   * The role the certificate claims: exactly one OU naming a role, and an extended key usage
   * that fits it (clientAuth for a coordinator, serverAuth for an agent). Anything else
   * (no OU, two OUs, a coordinator OU on a server-only certificate) has no role.
   */
  public static Optional<Role> role(X509Certificate certificate) {
    List<String> units = subjectAttribute(certificate, "OU");
    if (units.size() != 1) {
      return Optional.empty();
    }
    Optional<Role> role = Role.ofOrganizationalUnit(units.get(0));
    if (role.isEmpty()) {
      return role;
    }
    List<String> usages;
    try {
      usages = certificate.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    String needed = role.get() == Role.AGENT ? SERVER_AUTH : CLIENT_AUTH;
    return usages != null && usages.contains(needed) ? role : Optional.empty();
  }

  /** DNS names and IP addresses of the subject alternative names, lower-cased. */
  public static List<String> subjectAlternativeNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries == null) {
        return names;
      }
      for (List<?> entry : entries) {
        int type = (Integer) entry.get(0);
        if (type == SAN_DNS || type == SAN_IP) {
          names.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
        }
      }
    } catch (CertificateParsingException e) {
      return List.of();
    }
    return names;
  }

  /** Lower-case hex, no leading zeros: how serials are shown and stored. */
  public static String serialHex(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }

  /** e.g. "CN=h1,serial=3f2a..": how a caller is named in logs and the audit trail. */
  public static String describe(X509Certificate certificate) {
    return "CN=" + commonName(certificate).orElse("?") + ",serial=" + serialHex(certificate);
  }
}
