using System.Text.Json.Nodes;
using Consortium.Contracts.Chain;

namespace Consortium.Contracts.Tests.Chain;

/// <summary>A chain key at rest in a Web3 Secret Storage keystore: it opens with its password and with nothing else.</summary>
public sealed class ChainKeystoreTests
{
    private static readonly ScryptCost Cheap = new(1024, 8, 1);

    [Fact]
    public void AKeystoreOpensWithItsPasswordToTheSameAccount()
    {
        var account = ChainAccount.Generate();

        var json = ChainKeystore.Encrypt(account, "correct-horse-battery", Cheap);

        Assert.Equal(account.PrivateKey, ChainKeystore.Decrypt(json, "correct-horse-battery").PrivateKey);
        Assert.Equal(account.Address, ChainKeystore.AddressOf(json));
        Assert.DoesNotContain(account.PrivateKey[2..], json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheStandardCostIsGethsAndStillOpens()
    {
        var account = ChainAccount.Generate();

        var json = ChainKeystore.Encrypt(account, "correct-horse-battery");

        var kdf = JsonNode.Parse(json)!["crypto"]!;
        Assert.Equal("scrypt", kdf["kdf"]!.GetValue<string>());
        Assert.Equal((262_144, 8, 1), (kdf["kdfparams"]!["n"]!.GetValue<int>(), kdf["kdfparams"]!["r"]!.GetValue<int>(), kdf["kdfparams"]!["p"]!.GetValue<int>()));
        Assert.Equal(account.Address, ChainKeystore.Decrypt(json, "correct-horse-battery").Address);
    }

    [Fact]
    public void AWrongPasswordIsNamedAsSuch()
    {
        var json = ChainKeystore.Encrypt(ChainAccount.Generate(), "correct-horse-battery", Cheap);

        var error = Assert.Throws<ChainKeystoreException>(() => ChainKeystore.Decrypt(json, "Correct-horse-battery"));

        Assert.Equal("the password does not open the keystore", error.Message);
    }

    [Fact]
    public void AKeystoreWhoseAddressIsNotItsKeysIsRefused()
    {
        var json = JsonNode.Parse(ChainKeystore.Encrypt(ChainAccount.Generate(), "correct-horse-battery", Cheap))!;
        json["address"] = ChainAccount.Generate().Address.ToString()[2..];

        var error = Assert.Throws<ChainKeystoreException>(() => ChainKeystore.Decrypt(json.ToJsonString(), "correct-horse-battery"));

        Assert.Contains("but its key is", error.Message);
    }

    [Fact]
    public void WhatIsNotAKeystoreIsNamedAsSuch()
    {
        Assert.Throws<ChainKeystoreException>(() => ChainKeystore.Decrypt("{\"version\":3}", "correct-horse-battery"));
        Assert.Throws<ChainKeystoreException>(() => ChainKeystore.AddressOf("[]"));
    }
}
