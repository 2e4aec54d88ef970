package dev.steward.coordinator.pki;

import dev.steward.common.inventory.Addresses;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.Fingerprints;
import dev.steward.common.pki.Role;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Is the certificate an agent presents the one this coordinator issued to that inventory
 * host, and still in force? Pure; the chain to the cluster CA (signature, validity) is
 * checked by PKIX before this.
 *
 * <ul>
 *   <li>role agent (OU steward-agent + serverAuth);
 *   <li>CN is the inventory host name and a SAN is its address (so a certificate issued to
 *       another host, or to this host at another address, does not pass);
 *   <li>its serial is the host's current certificate in hosts.json: not revoked by
 *       {@code steward hosts forget}, not superseded by a renewal.
 * </ul>
 */
public final class AgentIdentityCheck {

  static final String PENDING_OU = "steward-agent-pending";

  private AgentIdentityCheck() {
  }

  public static List<String> problems(X509Certificate certificate, String hostName, String address,
                                      Optional<EnrolledHost> current) {
    List<String> problems = identityProblems(certificate, hostName, address);
    problems.addAll(serialProblems(certificate, hostName, current));
    return problems;
  }

  /**
   * Role, name and address only: what a caller without hosts.json (an observer holding only the
   * CA certificate and its own) can check. A revoked or superseded agent certificate still passes.
   */
  public static List<String> identityProblems(X509Certificate certificate, String hostName, String address) {
    List<String> problems = new ArrayList<>();
    if (Certificates.role(certificate).filter(r -> r == Role.AGENT).isEmpty()) {
      problems.add("its certificate " + Certificates.describe(certificate) + " does not carry the agent role");
    }
    String commonName = Certificates.commonName(certificate).orElse("");
    if (!commonName.equals(hostName)) {
      problems.add("its certificate was issued to host " + commonName + ", not " + hostName);
    }
    if (!matchesAddress(Certificates.subjectAlternativeNames(certificate), address)) {
      problems.add("its certificate does not name the address " + address + " (it names "
          + Certificates.subjectAlternativeNames(certificate) + "): if the host's address changed, run "
          + "`steward enroll HOST --renew`");
    }
    return problems;
  }

  static List<String> serialProblems(X509Certificate certificate, String hostName, Optional<EnrolledHost> current) {
    List<String> problems = new ArrayList<>();
    String serial = Certificates.serialHex(certificate);
    if (current.isEmpty()) {
      problems.add("certificate serial " + serial + " is not in force: " + hostName + " has no current "
          + "certificate in hosts.json (never enrolled here, or forgotten)");
    } else if (!current.get().serial().equals(serial)) {
      problems.add("certificate serial " + serial + " is not " + hostName + "'s current certificate ("
          + current.get().serial() + "): it was revoked or superseded");
    } else if (!current.get().fingerprint().equals(Fingerprints.of(certificate.getPublicKey()))) {
      problems.add("the key of certificate serial " + serial + " is not the one enrolled");
    }
    return problems;
  }

  /** A temporary certificate of an agent that waits for enrollment. */
  public static boolean isPendingCertificate(X509Certificate certificate) {
    return Certificates.subjectAttribute(certificate, "OU").contains(PENDING_OU);
  }

  static boolean matchesAddress(List<String> names, String address) {
    String wanted = canonical(address);
    return names.stream().map(AgentIdentityCheck::canonical).anyMatch(wanted::equals);
  }

  /**
   * IP literals in one form (::1 and 0:0:0:0:0:0:0:1 are equal); names lower-case. Never resolves
   * DNS. Java's form, not {@link Addresses#canonical}: the JDK reads an IPv4-mapped SAN back as
   * IPv4 (::ffff:10.0.0.2 -> 10.0.0.2), so the inventory's address must be put the same way.
   */
  static String canonical(String name) {
    String value = name.toLowerCase(Locale.ROOT);
    if (!Addresses.isIpLiteral(value)) {
      return value;
    }
    try {
      return InetAddress.getByName(value).getHostAddress();
    } catch (UnknownHostException e) {
      return value;
    }
  }
}
