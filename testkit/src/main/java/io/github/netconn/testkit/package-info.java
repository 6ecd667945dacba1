/**
 * The testkit: the contract suite every adapter runs, in two parts an adapter joins
 * independently, {@link io.github.netconn.testkit.ScenarioContract} (the rules checked against
 * a scenario server) and {@link io.github.netconn.testkit.SambaContract} (the rules that need a
 * real SMB server; {@link io.github.netconn.testkit.SambaSessionContract} and
 * {@link io.github.netconn.testkit.SambaFileContract} for the sessions and open-files ports, all
 * three on {@link io.github.netconn.testkit.SambaPart}), with
 * {@link io.github.netconn.testkit.ContractEnvironment}, what they share; the scenario rules of
 * the sessions and open-files ports, {@link io.github.netconn.testkit.SessionContract} and
 * {@link io.github.netconn.testkit.FileContract}, built with the connections' on
 * {@link io.github.netconn.testkit.ScenarioPart};
 * {@link io.github.netconn.testkit.AgreementCheck} (C13, S13, F13); and the servers they run against:
 * {@link io.github.netconn.testkit.SambaServer} (a real Samba),
 * {@link io.github.netconn.testkit.SambaDomainController} (the same Samba as an Active Directory
 * domain controller, with its KDC, for Kerberos), each started and closed for a test class by
 * a {@link io.github.netconn.testkit.Samba} field,
 * {@link io.github.netconn.testkit.ScriptedServer} (a scripted Windows-like server serving a
 * {@link io.github.netconn.testkit.Scenario}) and {@link io.github.netconn.testkit.MemoryServer}
 * with {@link io.github.netconn.testkit.ReferenceConnectionEnumerator},
 * {@link io.github.netconn.testkit.ReferenceSessionEnumerator} and
 * {@link io.github.netconn.testkit.ReferenceFileEnumerator}, the executable definition of the rules.
 */
package io.github.netconn.testkit;
